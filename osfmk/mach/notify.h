/*
 * mach/notify.h - notification message ids and the messages as a user
 * task receives them (header in receive orientation, then the payload,
 * then a format-0 trailer).
 *
 * Every notification is a one-way message of the "notify" MIG subsystem
 * (base 64) sent by the kernel on a send-once right the user registered.
 */
#ifndef _MACH_NOTIFY_H_
#define _MACH_NOTIFY_H_

#include <mach/port.h>
#include <mach/message.h>
#include <mach/ndr.h>

#define MACH_NOTIFY_FIRST 0100
#define MACH_NOTIFY_PORT_DELETED (MACH_NOTIFY_FIRST + 001)
#define MACH_NOTIFY_SEND_POSSIBLE (MACH_NOTIFY_FIRST + 002)
#define MACH_NOTIFY_PORT_DESTROYED (MACH_NOTIFY_FIRST + 005)
#define MACH_NOTIFY_NO_SENDERS (MACH_NOTIFY_FIRST + 006)
#define MACH_NOTIFY_SEND_ONCE (MACH_NOTIFY_FIRST + 007)
#define MACH_NOTIFY_DEAD_NAME (MACH_NOTIFY_FIRST + 010)
#define MACH_NOTIFY_LAST (MACH_NOTIFY_FIRST + 015)

#define MACH_NOTIFY_SEND_POSSIBLE_EXPECTED 1

_Static_assert(MACH_NOTIFY_PORT_DELETED == 65, "ids");
_Static_assert(MACH_NOTIFY_SEND_POSSIBLE == 66, "ids");
_Static_assert(MACH_NOTIFY_PORT_DESTROYED == 69, "ids");
_Static_assert(MACH_NOTIFY_NO_SENDERS == 70, "ids");
_Static_assert(MACH_NOTIFY_SEND_ONCE == 71, "ids");
_Static_assert(MACH_NOTIFY_DEAD_NAME == 72, "ids");
_Static_assert(MACH_NOTIFY_LAST == 77, "ids");

#pragma pack(push, 4)

typedef struct {
	mach_msg_header_t not_header;
	NDR_record_t NDR;
	mach_port_name_t not_port; /* a name, not a right */
	mach_msg_format_0_trailer_t trailer;
} mach_port_deleted_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	NDR_record_t NDR;
	mach_port_name_t not_port; /* a name, not a right */
	mach_msg_format_0_trailer_t trailer;
} mach_send_possible_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	mach_msg_body_t not_body;
	mach_msg_port_descriptor_t not_port; /* the receive right */
	mach_msg_format_0_trailer_t trailer;
} mach_port_destroyed_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	NDR_record_t NDR;
	mach_msg_type_number_t not_count; /* make-send count */
	mach_msg_format_0_trailer_t trailer;
} mach_no_senders_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	mach_msg_format_0_trailer_t trailer;
} mach_send_once_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	NDR_record_t NDR;
	mach_port_name_t not_port; /* a name, not a right */
	mach_msg_format_0_trailer_t trailer;
} mach_dead_name_notification_t;

#pragma pack(pop)

#if !defined(KERNEL)
_Static_assert(sizeof(mach_port_deleted_notification_t) == 56, "65");
_Static_assert(sizeof(mach_send_possible_notification_t) == 56, "66");
_Static_assert(sizeof(mach_port_destroyed_notification_t) == 60, "69");
_Static_assert(sizeof(mach_no_senders_notification_t) == 56, "70");
_Static_assert(sizeof(mach_send_once_notification_t) == 44, "71");
_Static_assert(sizeof(mach_dead_name_notification_t) == 56, "72");
_Static_assert(offsetof(mach_port_deleted_notification_t, not_port) == 32,
    "name after NDR");
_Static_assert(offsetof(mach_port_destroyed_notification_t, not_port) == 28,
    "descriptor after body");
#else
_Static_assert(sizeof(mach_port_deleted_notification_t) == 64, "65");
_Static_assert(sizeof(mach_port_destroyed_notification_t) == 72, "69");
_Static_assert(sizeof(mach_send_once_notification_t) == 52, "71");
#endif

#endif /* _MACH_NOTIFY_H_ */
