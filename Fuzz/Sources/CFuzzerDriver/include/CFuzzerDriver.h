// CFuzzerDriver: declares libFuzzer's entry point for programs with their own main.
//
// SwiftPM links an executable target's main under another name (so tests can link the target), which
// keeps libFuzzer's own main out of the link; the fuzzer's Swift main calls LLVMFuzzerRunDriver instead,
// which libclang_rt.fuzzer (linked by -sanitize=fuzzer) defines.

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
