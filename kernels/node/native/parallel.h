// A persistent pool of worker threads for the element-wise loops. TensorFlow's
// C kernel API gives no access to its intra-op thread pool, so the op brings
// its own: created on first use, sized from the cores this process may run on
// (the caller counts as one thread; never more threads than cores), used only
// above a size threshold below which waking threads costs more than it saves.
#ifndef TFJS_SELU_PARALLEL_H_
#define TFJS_SELU_PARALLEL_H_

#include <cstdint>

namespace tfjs_selu {

// Elements per claimed chunk: a multiple of every vector width, large enough
// that claiming is free, small enough to balance two threads at the threshold.
constexpr int64_t kChunkElements = 1 << 15;

// Below this many elements one thread does the work. Measured with
// bench/node_native_threshold.ts: waking a worker costs ~10–50 µs, and one
// thread needs ~0.34 ms (forward) / 0.16 ms (gradient) for 2^18 elements, so
// from here the wake-up is a small fraction of what a second core saves; below
// 2^17 two threads measured no faster than one.
constexpr int64_t kDefaultParallelThreshold = 1 << 18;

// Runs body(context, begin, end) over [0, n) in chunks; on the calling thread
// alone when n is below the threshold, one thread is allowed, or another call
// holds the pool. Workers take the caller's floating-point environment
// (rounding, flush-to-zero), so results are bit-identical to one thread.
// Returns the number of threads that took part.
int ParallelFor(int64_t n, void (*body)(const void* context, int64_t begin, int64_t end), const void* context);

// CPUs this process may run on (sched_getaffinity), at least 1.
int CoreCount();
// Threads ParallelFor may use, caller included: 1..CoreCount(). Default CoreCount().
int MaxThreads();
void SetMaxThreads(int threads);
int64_t ParallelThreshold();
void SetParallelThreshold(int64_t elements);

}  // namespace tfjs_selu

#endif  // TFJS_SELU_PARALLEL_H_
