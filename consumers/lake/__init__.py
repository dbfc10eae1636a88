"""The lake consumer: raw and curated Parquet files under <root>/<layer>/<dataset>/dt=/hr=/ (directory or GCS)."""

import warnings

# The Google client libraries warn about future Python/grpcio support on every import;
# that is for whoever upgrades the pins, not for someone running `hospital lake`.
warnings.filterwarnings("ignore", category=FutureWarning, module=r"google\.")
