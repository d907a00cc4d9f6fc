// CFuzzerDriver: nothing to compile; the target exists for its header (include/CFuzzerDriver.h), which
// declares libFuzzer's LLVMFuzzerRunDriver for the Swift fuzzer's main.

#include "CFuzzerDriver.h"
