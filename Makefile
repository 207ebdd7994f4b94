# The two commands: `make run` and `make test`. See README.md.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: run test build deps bench clean

run: build
	$(BUILD_DIR)/cloudlet serve --data-dir ./.cloudlet

test: build
	# A failed test is run once more before it counts (see the notes on the known
	# Lambda timeout flake); a real failure fails twice.
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) --timeout 600 --repeat until-pass:2

build: deps
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
	  cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS); fi
	cmake --build $(BUILD_DIR) -j $(JOBS)

deps:
	@scripts/install-deps.sh

bench: build
	@scripts/install-deps.sh --bench
	bench/run.sh $(BUILD_DIR)/cloudlet

clean:
	rm -rf $(BUILD_DIR)
