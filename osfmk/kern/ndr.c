/*
 * kern/ndr.c - the NDR record the kernel's MIG stubs send.
 */
#include <mach/ndr.h>

NDR_record_t NDR_record = {
    0, 0, 0, 0, NDR_INT_LITTLE_ENDIAN, NDR_CHAR_ASCII, NDR_FLOAT_IEEE, 0};
