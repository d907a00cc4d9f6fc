// Intentionally empty: SwiftPM needs one source file in a C target; the header carries everything.
#include "CLoadGenSupport.h"
