/*
 * tests/mig/golden_layout.c - the wire layouts of spec/mig.md section 6.2,
 * checked at compile time against the generated user headers and our
 * <mach/message.h> (LP64 user layout).
 */
#include <stddef.h>

#include "mach/mach_port.h"
#include "notify_server.h"

#define SZ(t, n) _Static_assert(sizeof(t) == (n), #t " size")
#define OFF(t, f, n) _Static_assert(offsetof(t, f) == (n), #t "." #f)

SZ(__Request__mach_port_request_notification_t, 60);
OFF(__Request__mach_port_request_notification_t, msgh_body, 24);
OFF(__Request__mach_port_request_notification_t, notify, 28);
OFF(__Request__mach_port_request_notification_t, NDR, 40);
OFF(__Request__mach_port_request_notification_t, name, 48);
OFF(__Request__mach_port_request_notification_t, msgid, 52);
OFF(__Request__mach_port_request_notification_t, sync, 56);
SZ(__Reply__mach_port_request_notification_t, 40);
OFF(__Reply__mach_port_request_notification_t, previous, 28);

SZ(mig_reply_error_t, 36);
OFF(mig_reply_error_t, RetCode, 32);

SZ(__Request__mach_port_names_t, 24);
SZ(__Reply__mach_port_names_t, 76);
OFF(__Reply__mach_port_names_t, names, 28);
OFF(__Reply__mach_port_names_t, types, 44);
OFF(__Reply__mach_port_names_t, NDR, 60);
OFF(__Reply__mach_port_names_t, namesCnt, 68);
OFF(__Reply__mach_port_names_t, typesCnt, 72);

SZ(__Request__mach_port_type_t, 36);
SZ(__Reply__mach_port_type_t, 40);
SZ(__Request__mach_port_insert_right_t, 52);
SZ(__Reply__mach_port_extract_right_t, 40);
SZ(__Request__mach_port_extract_right_t, 40);

SZ(__Request__mach_port_peek_t, 48);
SZ(__Reply__mach_port_peek_t, 120);
OFF(__Reply__mach_port_peek_t, trailer_infopCnt, 48);
OFF(__Reply__mach_port_peek_t, trailer_infop, 52);

SZ(__Request__mach_port_set_attributes_t, 112);
OFF(__Request__mach_port_set_attributes_t, port_info, 44);
SZ(__Reply__mach_port_get_attributes_t, 108);
OFF(__Reply__mach_port_get_attributes_t, port_info_out, 40);
SZ(__Request__mach_port_get_attributes_t, 44);

SZ(__Reply__mach_port_allocate_qos_t, 48);

SZ(__Request__mach_port_set_context_t, 44);
OFF(__Request__mach_port_set_context_t, context, 36);

SZ(__Request__mach_port_construct_t, 60);
OFF(__Request__mach_port_construct_t, options, 28);
OFF(__Request__mach_port_construct_t, NDR, 44);
OFF(__Request__mach_port_construct_t, context, 52);

SZ(__Reply__mach_port_space_info_t, 100);

SZ(__Reply__mach_port_kobject_description_t, 568);
OFF(__Reply__mach_port_kobject_description_t, description, 56);

SZ(__Request__mach_notify_port_deleted_t, 36);
SZ(__Request__mach_notify_send_possible_t, 36);
SZ(__Request__mach_notify_no_senders_t, 36);
SZ(__Request__mach_notify_dead_name_t, 36);
SZ(__Request__mach_notify_port_destroyed_t, 40);
OFF(__Request__mach_notify_port_destroyed_t, rights, 28);
SZ(__Request__mach_notify_send_once_t, 24);

/* The hand-written receive structs agree with the generated ones. */
_Static_assert(sizeof(mach_port_deleted_notification_t) ==
	sizeof(__Request__mach_notify_port_deleted_t) +
	    sizeof(mach_msg_format_0_trailer_t),
    "notify 65");
_Static_assert(sizeof(mach_port_destroyed_notification_t) ==
	sizeof(__Request__mach_notify_port_destroyed_t) +
	    sizeof(mach_msg_format_0_trailer_t),
    "notify 69");
_Static_assert(sizeof(mach_send_once_notification_t) ==
	sizeof(__Request__mach_notify_send_once_t) +
	    sizeof(mach_msg_format_0_trailer_t),
    "notify 71");

/* The subsystem ids. */
_Static_assert(mach_port_MSG_COUNT == 43, "mach_port has 43 slots");
_Static_assert(notify_MSG_COUNT == 9, "notify has 9 slots");

int golden_layout_ok = 1;
