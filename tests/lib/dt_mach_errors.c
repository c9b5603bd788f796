/*
 * dt_mach_errors.c - names for Mach return codes in failure messages.
 *
 * The values are Apple's ABI (mach/kern_return.h, mach/message.h,
 * mach/mig_errors.h); they are written out here so that the harness builds
 * without the Mach headers (its self-test runs on plain Linux).  When the
 * Mach headers are on the include path, the table is checked against them
 * at compile time.
 */
#include <darwintest.h>

#include <stdio.h>

struct dt_code_name {
	int cn_code;
	const char *cn_name;
};

#define DT_CODE(name, value)   \
	{                      \
		(value), #name \
	}

static const struct dt_code_name dt_codes[] = {
    /* kern_return_t */
    DT_CODE(KERN_SUCCESS, 0),
    DT_CODE(KERN_INVALID_ADDRESS, 1),
    DT_CODE(KERN_PROTECTION_FAILURE, 2),
    DT_CODE(KERN_NO_SPACE, 3),
    DT_CODE(KERN_INVALID_ARGUMENT, 4),
    DT_CODE(KERN_FAILURE, 5),
    DT_CODE(KERN_RESOURCE_SHORTAGE, 6),
    DT_CODE(KERN_NOT_RECEIVER, 7),
    DT_CODE(KERN_NO_ACCESS, 8),
    DT_CODE(KERN_MEMORY_FAILURE, 9),
    DT_CODE(KERN_MEMORY_ERROR, 10),
    DT_CODE(KERN_ALREADY_IN_SET, 11),
    DT_CODE(KERN_NOT_IN_SET, 12),
    DT_CODE(KERN_NAME_EXISTS, 13),
    DT_CODE(KERN_ABORTED, 14),
    DT_CODE(KERN_INVALID_NAME, 15),
    DT_CODE(KERN_INVALID_TASK, 16),
    DT_CODE(KERN_INVALID_RIGHT, 17),
    DT_CODE(KERN_INVALID_VALUE, 18),
    DT_CODE(KERN_UREFS_OVERFLOW, 19),
    DT_CODE(KERN_INVALID_CAPABILITY, 20),
    DT_CODE(KERN_RIGHT_EXISTS, 21),
    DT_CODE(KERN_INVALID_HOST, 22),
    DT_CODE(KERN_MEMORY_PRESENT, 23),
    DT_CODE(KERN_MEMORY_DATA_MOVED, 24),
    DT_CODE(KERN_MEMORY_RESTART_COPY, 25),
    DT_CODE(KERN_INVALID_PROCESSOR_SET, 26),
    DT_CODE(KERN_POLICY_LIMIT, 27),
    DT_CODE(KERN_INVALID_POLICY, 28),
    DT_CODE(KERN_INVALID_OBJECT, 29),
    DT_CODE(KERN_ALREADY_WAITING, 30),
    DT_CODE(KERN_DEFAULT_SET, 31),
    DT_CODE(KERN_EXCEPTION_PROTECTED, 32),
    DT_CODE(KERN_INVALID_LEDGER, 33),
    DT_CODE(KERN_INVALID_MEMORY_CONTROL, 34),
    DT_CODE(KERN_INVALID_SECURITY, 35),
    DT_CODE(KERN_NOT_DEPRESSED, 36),
    DT_CODE(KERN_TERMINATED, 37),
    DT_CODE(KERN_LOCK_SET_DESTROYED, 38),
    DT_CODE(KERN_LOCK_UNSTABLE, 39),
    DT_CODE(KERN_LOCK_OWNED, 40),
    DT_CODE(KERN_LOCK_OWNED_SELF, 41),
    DT_CODE(KERN_SEMAPHORE_DESTROYED, 42),
    DT_CODE(KERN_RPC_SERVER_TERMINATED, 43),
    DT_CODE(KERN_RPC_TERMINATE_ORPHAN, 44),
    DT_CODE(KERN_RPC_CONTINUE_ORPHAN, 45),
    DT_CODE(KERN_NOT_SUPPORTED, 46),
    DT_CODE(KERN_NODE_DOWN, 47),
    DT_CODE(KERN_NOT_WAITING, 48),
    DT_CODE(KERN_OPERATION_TIMED_OUT, 49),
    DT_CODE(KERN_CODESIGN_ERROR, 50),
    DT_CODE(KERN_POLICY_STATIC, 51),
    DT_CODE(KERN_INSUFFICIENT_BUFFER_SIZE, 52),
    DT_CODE(KERN_DENIED, 53),
    DT_CODE(KERN_MISSING_KC, 54),
    DT_CODE(KERN_INVALID_KC, 55),
    DT_CODE(KERN_NOT_FOUND, 56),
    DT_CODE(KERN_RETURN_MAX, 0x100),

    /* mach_msg_return_t: send */
    DT_CODE(MACH_SEND_IN_PROGRESS, 0x10000001),
    DT_CODE(MACH_SEND_INVALID_DATA, 0x10000002),
    DT_CODE(MACH_SEND_INVALID_DEST, 0x10000003),
    DT_CODE(MACH_SEND_TIMED_OUT, 0x10000004),
    DT_CODE(MACH_SEND_INVALID_VOUCHER, 0x10000005),
    DT_CODE(MACH_SEND_INTERRUPTED, 0x10000007),
    DT_CODE(MACH_SEND_MSG_TOO_SMALL, 0x10000008),
    DT_CODE(MACH_SEND_INVALID_REPLY, 0x10000009),
    DT_CODE(MACH_SEND_INVALID_RIGHT, 0x1000000a),
    DT_CODE(MACH_SEND_INVALID_NOTIFY, 0x1000000b),
    DT_CODE(MACH_SEND_INVALID_MEMORY, 0x1000000c),
    DT_CODE(MACH_SEND_NO_BUFFER, 0x1000000d),
    DT_CODE(MACH_SEND_TOO_LARGE, 0x1000000e),
    DT_CODE(MACH_SEND_INVALID_TYPE, 0x1000000f),
    DT_CODE(MACH_SEND_INVALID_HEADER, 0x10000010),
    DT_CODE(MACH_SEND_INVALID_TRAILER, 0x10000011),
    DT_CODE(MACH_SEND_INVALID_CONTEXT, 0x10000012),
    DT_CODE(MACH_SEND_INVALID_RT_OOL_SIZE, 0x10000015),
    DT_CODE(MACH_SEND_NO_GRANT_DEST, 0x10000016),
    DT_CODE(MACH_SEND_MSG_FILTERED, 0x10000017),

    /* mach_msg_return_t: receive */
    DT_CODE(MACH_RCV_IN_PROGRESS, 0x10004001),
    DT_CODE(MACH_RCV_INVALID_NAME, 0x10004002),
    DT_CODE(MACH_RCV_TIMED_OUT, 0x10004003),
    DT_CODE(MACH_RCV_TOO_LARGE, 0x10004004),
    DT_CODE(MACH_RCV_INTERRUPTED, 0x10004005),
    DT_CODE(MACH_RCV_PORT_CHANGED, 0x10004006),
    DT_CODE(MACH_RCV_INVALID_NOTIFY, 0x10004007),
    DT_CODE(MACH_RCV_INVALID_DATA, 0x10004008),
    DT_CODE(MACH_RCV_PORT_DIED, 0x10004009),
    DT_CODE(MACH_RCV_IN_SET, 0x1000400a),
    DT_CODE(MACH_RCV_HEADER_ERROR, 0x1000400b),
    DT_CODE(MACH_RCV_BODY_ERROR, 0x1000400c),
    DT_CODE(MACH_RCV_INVALID_TYPE, 0x1000400d),
    DT_CODE(MACH_RCV_SCATTER_SMALL, 0x1000400e),
    DT_CODE(MACH_RCV_INVALID_TRAILER, 0x1000400f),
    DT_CODE(MACH_RCV_IN_PROGRESS_TIMED, 0x10004011),
    DT_CODE(MACH_RCV_INVALID_REPLY, 0x10004012),

    /* MIG */
    DT_CODE(MIG_TYPE_ERROR, -300),
    DT_CODE(MIG_REPLY_MISMATCH, -301),
    DT_CODE(MIG_REMOTE_ERROR, -302),
    DT_CODE(MIG_BAD_ID, -303),
    DT_CODE(MIG_BAD_ARGUMENTS, -304),
    DT_CODE(MIG_NO_REPLY, -305),
    DT_CODE(MIG_EXCEPTION, -306),
    DT_CODE(MIG_ARRAY_TOO_LARGE, -307),
    DT_CODE(MIG_SERVER_DIED, -308),
    DT_CODE(MIG_TRAILER_ERROR, -309),
};

/* Bits a send or receive error may carry besides its code. */
static const struct dt_code_name dt_msg_bits[] = {
    DT_CODE(MACH_MSG_IPC_SPACE, 0x00002000),
    DT_CODE(MACH_MSG_VM_SPACE, 0x00001000),
    DT_CODE(MACH_MSG_IPC_KERNEL, 0x00000800),
    DT_CODE(MACH_MSG_VM_KERNEL, 0x00000400),
};

#define DT_MSG_MASK 0x00003c00
#define DT_NELEM(a) (sizeof(a) / sizeof((a)[0]))

#if defined(DT_CHECK_MACH_HEADERS)
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
_Static_assert(KERN_INVALID_RIGHT == 17, "kern_return.h disagrees");
_Static_assert(KERN_UREFS_OVERFLOW == 19, "kern_return.h disagrees");
_Static_assert(KERN_INVALID_CAPABILITY == 20, "kern_return.h disagrees");
_Static_assert(KERN_NOT_SUPPORTED == 46, "kern_return.h disagrees");
_Static_assert(MACH_SEND_INVALID_DEST == 0x10000003, "message.h disagrees");
_Static_assert(MACH_SEND_TIMED_OUT == 0x10000004, "message.h disagrees");
_Static_assert(MACH_SEND_INVALID_RIGHT == 0x1000000a, "message.h disagrees");
_Static_assert(MACH_RCV_TIMED_OUT == 0x10004003, "message.h disagrees");
_Static_assert(MACH_RCV_TOO_LARGE == 0x10004004, "message.h disagrees");
_Static_assert(MACH_MSG_IPC_SPACE == 0x2000, "message.h disagrees");
_Static_assert(MIG_TYPE_ERROR == -300, "mig_errors.h disagrees");
_Static_assert(MIG_BAD_ARGUMENTS == -304, "mig_errors.h disagrees");
#endif

const char *
dt_mach_error_name(int code)
{
	size_t i;

	for (i = 0; i < DT_NELEM(dt_codes); i++) {
		if (dt_codes[i].cn_code == code) {
			return dt_codes[i].cn_name;
		}
	}
	return NULL;
}

const char *
dt_mach_error_string(int code, char *buf, size_t len)
{
	const char *name = dt_mach_error_name(code);
	int base = code & ~DT_MSG_MASK;
	size_t i, off;

	if (name != NULL) {
		snprintf(buf, len, "%s (0x%x)", name, (unsigned)code);
		return buf;
	}
	/* A message error with resource-shortage bits: name both parts. */
	name = (code & 0x10000000) != 0 && base != code
	    ? dt_mach_error_name(base)
	    : NULL;
	if (name == NULL) {
		snprintf(
		    buf, len, "unknown code %d (0x%x)", code, (unsigned)code);
		return buf;
	}
	off = (size_t)snprintf(buf, len, "%s", name);
	for (i = 0; i < DT_NELEM(dt_msg_bits) && off < len; i++) {
		if (code & dt_msg_bits[i].cn_code) {
			off += (size_t)snprintf(buf + off, len - off, "|%s",
			    dt_msg_bits[i].cn_name);
		}
	}
	if (off < len) {
		snprintf(buf + off, len - off, " (0x%x)", (unsigned)code);
	}
	return buf;
}
