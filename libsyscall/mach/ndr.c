/*
 * libsyscall/mach/ndr.c - the NDR record MIG user stubs send: this
 * machine's data representation (little-endian integers, ASCII, IEEE).
 */
#include <mach/ndr.h>

NDR_record_t NDR_record = {
    0, 0, 0, 0, NDR_INT_LITTLE_ENDIAN, NDR_CHAR_ASCII, NDR_FLOAT_IEEE, 0};
