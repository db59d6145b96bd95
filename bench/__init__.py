"""Benchmarks: `make bench` (python -m bench). Load comes from wrk; servers run under gunicorn on MariaDB."""
