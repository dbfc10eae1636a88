# Two commands for a fresh machine: `make demo` runs the pipeline, `make test` runs the tests.
.PHONY: bootstrap demo test unit up down

HOSPITAL := .venv/bin/hospital
DEMO_SECONDS ?= 60

bootstrap:
	@bash scripts/bootstrap.sh

demo: bootstrap
	$(HOSPITAL) up
	$(HOSPITAL) seed --scale 1 --seed 42
	$(HOSPITAL) stream --rate 300 --vitals-rate 200 --duration $(DEMO_SECONDS)
	$(HOSPITAL) demo-summary

test: bootstrap
	.venv/bin/pytest -q tests/unit
	.venv/bin/pytest -q tests/integration tests/e2e

unit: bootstrap
	.venv/bin/pytest -q tests/unit

up: bootstrap
	$(HOSPITAL) up

down:
	$(HOSPITAL) down
