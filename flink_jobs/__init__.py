"""PyFlink jobs of the platform: one folder per job (job.py, transforms.py, settings.py, errors.py, sql/)."""
