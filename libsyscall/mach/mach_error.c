/*
 * libsyscall/mach/mach_error.c - mach_error_string and friends.
 */
#include <mach/mach.h>
#include <stdio.h>

struct mach_error_name {
	mach_error_t code;
	const char *name;
};

#define ME(c)         \
	{             \
		c, #c \
	}
static const struct mach_error_name mach_error_names[] = {
    ME(KERN_SUCCESS),
    ME(KERN_INVALID_ADDRESS),
    ME(KERN_PROTECTION_FAILURE),
    ME(KERN_NO_SPACE),
    ME(KERN_INVALID_ARGUMENT),
    ME(KERN_FAILURE),
    ME(KERN_RESOURCE_SHORTAGE),
    ME(KERN_NOT_RECEIVER),
    ME(KERN_NO_ACCESS),
    ME(KERN_ALREADY_IN_SET),
    ME(KERN_NOT_IN_SET),
    ME(KERN_NAME_EXISTS),
    ME(KERN_ABORTED),
    ME(KERN_INVALID_NAME),
    ME(KERN_INVALID_TASK),
    ME(KERN_INVALID_RIGHT),
    ME(KERN_INVALID_VALUE),
    ME(KERN_UREFS_OVERFLOW),
    ME(KERN_INVALID_CAPABILITY),
    ME(KERN_RIGHT_EXISTS),
    ME(KERN_NOT_SUPPORTED),
    ME(MACH_SEND_INVALID_DATA),
    ME(MACH_SEND_INVALID_DEST),
    ME(MACH_SEND_TIMED_OUT),
    ME(MACH_SEND_INTERRUPTED),
    ME(MACH_SEND_MSG_TOO_SMALL),
    ME(MACH_SEND_INVALID_REPLY),
    ME(MACH_SEND_INVALID_RIGHT),
    ME(MACH_SEND_INVALID_MEMORY),
    ME(MACH_SEND_NO_BUFFER),
    ME(MACH_SEND_TOO_LARGE),
    ME(MACH_SEND_INVALID_TYPE),
    ME(MACH_SEND_INVALID_HEADER),
    ME(MACH_RCV_INVALID_NAME),
    ME(MACH_RCV_TIMED_OUT),
    ME(MACH_RCV_TOO_LARGE),
    ME(MACH_RCV_INTERRUPTED),
    ME(MACH_RCV_PORT_CHANGED),
    ME(MACH_RCV_INVALID_DATA),
    ME(MACH_RCV_PORT_DIED),
    ME(MACH_RCV_HEADER_ERROR),
    ME(MACH_RCV_BODY_ERROR),
    ME(MACH_RCV_INVALID_TRAILER),
    ME(MIG_TYPE_ERROR),
    ME(MIG_REPLY_MISMATCH),
    ME(MIG_REMOTE_ERROR),
    ME(MIG_BAD_ID),
    ME(MIG_BAD_ARGUMENTS),
    ME(MIG_NO_REPLY),
    ME(MIG_EXCEPTION),
    ME(MIG_ARRAY_TOO_LARGE),
    ME(MIG_SERVER_DIED),
    ME(MIG_TRAILER_ERROR),
};

/*
 * Routine:	mach_error_string
 * Purpose:
 *	The name of a Mach error code.
 * Conditions:
 *	User code.
 * Returns:
 *	A constant string.
 */
char *
mach_error_string(mach_error_t error_value)
{
	size_t i;

	for (i = 0; i < sizeof(mach_error_names) / sizeof(mach_error_names[0]);
	     i++) {
		if (mach_error_names[i].code == error_value)
			return (char *)mach_error_names[i].name;
	}
	return "(unknown Mach error)";
}

/*
 * Routine:	mach_error_type
 * Purpose:
 *	The subsystem of a Mach error code.
 * Conditions:
 *	User code.
 * Returns:
 *	A constant string.
 */
char *
mach_error_type(mach_error_t error_value)
{
	if (error_value >= MIG_TRAILER_ERROR && error_value <= MIG_TYPE_ERROR)
		return "(ipc/mig)";
	if ((error_value & 0x10000000) != 0)
		return "(ipc/send or ipc/rcv)";
	return "(os/kern)";
}

/*
 * Routine:	mach_error
 * Purpose:
 *	Print a message with a Mach error's name.
 * Conditions:
 *	User code.
 * Returns:
 *	Nothing.
 */
void
mach_error(const char *str, mach_error_t error_value)
{
	printf("%s %s %s\n", str, mach_error_string(error_value),
	    mach_error_type(error_value));
}
