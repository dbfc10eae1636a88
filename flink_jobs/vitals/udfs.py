"""The job's one Python function: read_vital, a table function over transforms.parse_reading.

Device keys are read on the TaskManager (flink_jobs.secrets); the rules travel with the job
as data, so a running job keeps the rules it was submitted with.
"""

from __future__ import annotations

from pyflink.common import Row
from pyflink.table import DataTypes
from pyflink.table.udf import TableFunction, udtf

from flink_jobs.secrets import SecretSource
from flink_jobs.vitals.transforms import READING_COLUMNS, Rules, load_keys, parse_reading

EVALUATION = DataTypes.ROW([
    DataTypes.FIELD("rule_id", DataTypes.STRING()),
    DataTypes.FIELD("severity", DataTypes.STRING()),
    DataTypes.FIELD("met", DataTypes.BOOLEAN()),
    DataTypes.FIELD("sustained_seconds", DataTypes.INT()),
    DataTypes.FIELD("episode_gap_seconds", DataTypes.INT()),
    DataTypes.FIELD("observed", DataTypes.DOUBLE()),
    DataTypes.FIELD("description", DataTypes.STRING()),
])
COLUMN_TYPES = {
    "device_id": DataTypes.BIGINT(), "patient_id": DataTypes.BIGINT(), "measured_at": DataTypes.BIGINT(),
    "heart_rate": DataTypes.INT(), "systolic": DataTypes.INT(), "diastolic": DataTypes.INT(),
    "temperature_c": DataTypes.DOUBLE(), "spo2": DataTypes.INT(), "respiratory_rate": DataTypes.INT(),
}
OUTPUT_COLUMNS = (*READING_COLUMNS, "encrypted", "news2", "evaluations", "error")
OUTPUT_TYPES = [*(COLUMN_TYPES[c] for c in READING_COLUMNS), DataTypes.BOOLEAN(), DataTypes.INT(),
                DataTypes.ARRAY(EVALUATION), DataTypes.STRING()]


class ReadVital(TableFunction):
    def __init__(self, keys_source: SecretSource, rules: Rules):
        self.keys_source = keys_source
        self.rules = rules
        self.keys = {}

    def open(self, function_context):
        self.keys = load_keys(self.keys_source.read_optional())

    def eval(self, text, kafka_ts_seconds):
        kafka_ts_ms = None if kafka_ts_seconds is None else kafka_ts_seconds * 1000
        row = parse_reading(text, self.keys, kafka_ts_ms, self.rules)
        evaluations = row["evaluations"]
        if evaluations is not None:
            row["evaluations"] = [Row(e.rule_id, e.severity, e.met, e.sustained_seconds, e.episode_gap_seconds,
                                      e.observed, e.description) for e in evaluations]
        yield Row(*(row[column] for column in OUTPUT_COLUMNS))


def read_vital_function(keys_source: SecretSource, rules: Rules):
    return udtf(ReadVital(keys_source, rules), input_types=[DataTypes.STRING(), DataTypes.BIGINT()],
                result_types=OUTPUT_TYPES, deterministic=True)
