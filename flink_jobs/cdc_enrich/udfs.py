"""The job's one Python function: parse_change, a table function over transforms.parse_change.

It also derives patient_key. SQL could hash (LOWER(SHA256(CONCAT(key, ':', id)))), but the key
would then be a literal in the plan, and operator descriptions in the Web UI show literals.
The function reads the key on the TaskManager instead (flink_jobs.secrets).
"""

from __future__ import annotations

from pyflink.common import Row
from pyflink.table import DataTypes
from pyflink.table.udf import TableFunction, udtf

from flink_jobs.cdc_enrich.transforms import DATA_COLUMNS, OUTPUT_COLUMNS, parse_change
from flink_jobs.secrets import SecretSource

KIND_TYPES = {
    "bigint": DataTypes.BIGINT(),
    "date": DataTypes.DATE(),
    "text": DataTypes.STRING(),
    "money": DataTypes.DECIMAL(10, 2),
}


def result_types() -> list:
    metadata = [DataTypes.STRING(), DataTypes.DECIMAL(38, 0), DataTypes.BOOLEAN(), DataTypes.STRING()]
    return [DataTypes.STRING()] + [KIND_TYPES[kind] for kind in DATA_COLUMNS.values()] + metadata


class ParseChange(TableFunction):
    def __init__(self, key_source: SecretSource):
        self.key_source = key_source
        self.key = None

    def open(self, function_context):
        self.key = self.key_source.read()

    def eval(self, table_name, text):
        row = parse_change(table_name, text, self.key)
        if row is not None:
            yield Row(*(row[column] for column in OUTPUT_COLUMNS))


def parse_change_function(key_source: SecretSource):
    return udtf(ParseChange(key_source), input_types=[DataTypes.STRING(), DataTypes.STRING()],
                result_types=result_types(), deterministic=True)
