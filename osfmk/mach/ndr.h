/*
 * mach/ndr.h - the Network Data Representation record.
 *
 * MIG puts one 8-byte NDR record in front of the inline data of every
 * message that has any.  It describes the sender's integer, character and
 * floating-point formats; Harbor only ever sends its own (little-endian,
 * ASCII, IEEE) and never converts.
 */
#ifndef _MACH_NDR_H_
#define _MACH_NDR_H_

#include <stdint.h>

typedef struct {
	unsigned char mig_vers;
	unsigned char if_vers;
	unsigned char reserved1;
	unsigned char mig_encoding;
	unsigned char int_rep;
	unsigned char char_rep;
	unsigned char float_rep;
	unsigned char reserved2;
} NDR_record_t;

#define NDR_PROTOCOL_2_0 0

#define NDR_INT_BIG_ENDIAN 0
#define NDR_INT_LITTLE_ENDIAN 1

#define NDR_FLOAT_IEEE 0
#define NDR_FLOAT_VAX 1
#define NDR_FLOAT_CRAY 2
#define NDR_FLOAT_IBM 3

#define NDR_CHAR_ASCII 0
#define NDR_CHAR_EBCDIC 1

/* The record this machine sends: {0, 0, 0, 0, 1, 0, 0, 0}. */
#define NDR_RECORD_VALUE                                          \
	{                                                         \
		NDR_PROTOCOL_2_0, 0, 0, 0, NDR_INT_LITTLE_ENDIAN, \
		    NDR_CHAR_ASCII, NDR_FLOAT_IEEE, 0             \
	}

extern NDR_record_t NDR_record;

_Static_assert(sizeof(NDR_record_t) == 8, "NDR_record_t");

#endif /* _MACH_NDR_H_ */
