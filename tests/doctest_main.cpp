// The test binaries' main: doctest's, then the end of parallel_for's threads
// (base/parallel.h stop_threads), as reel's own main does, so that the process ends
// with its main thread alone and what the threads kept for themselves (thread_local
// buffers) is freed before LeakSanitizer's check at exit.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "base/parallel.h"

int main(int argc, char** argv) {
  int result = doctest::Context(argc, argv).run();
  reel::stop_threads();
  return result;
}
