# `sam build` (deploy/template.yaml) runs build-ApiFunction to package the Lambda function:
# this project's wheel and its dependencies, as binary wheels for Lambda's platform.
LAMBDA_PLATFORM ?= manylinux2014_aarch64
LAMBDA_PYTHON ?= 3.12
PYTHON ?= python3

build-ApiFunction:
	$(PYTHON) -m pip wheel --no-deps --wheel-dir "$(ARTIFACTS_DIR)/.wheel" .
	$(PYTHON) -m pip install --target "$(ARTIFACTS_DIR)" --platform $(LAMBDA_PLATFORM) \
		--python-version $(LAMBDA_PYTHON) --implementation cp --only-binary=:all: \
		"$(ARTIFACTS_DIR)"/.wheel/*.whl
	rm -rf "$(ARTIFACTS_DIR)/.wheel"
