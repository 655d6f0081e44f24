// The one Catch2 main, compiled once and linked into every unit-test runner.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
