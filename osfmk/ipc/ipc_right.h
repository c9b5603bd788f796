/*
 * ipc/ipc_right.h - operations on the rights named by one entry.
 *
 * Every routine here works on one (space, name, entry) triple with the
 * space write-locked, and none of them sends a notification while any IPC
 * lock is held: rights destined for notifications are collected under the
 * locks and sent after the space is unlocked (Harbor decision 1).
 */
#ifndef _IPC_IPC_RIGHT_H_
#define _IPC_IPC_RIGHT_H_

#include <ipc/ipc_types.h>
#include <ipc/ipc_space.h>
#include <ipc/ipc_port.h>

/*
 * The annotations below are the Conditions lines, checked by clang's
 * thread-safety analysis (make check-thread-safety).
 */

/* KERN_SUCCESS (0) returns with the space locked. */
kern_return_t ipc_right_lookup_write(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t *entryp) HB_TRY_ACQUIRE(0, space->is_lock_data);
kern_return_t ipc_right_lookup_read(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t *entryp) HB_TRY_ACQUIRE_SHARED(0, space->is_lock_data);
bool ipc_right_reverse(ipc_space_t space, ipc_object_t object,
    mach_port_name_t *namep, ipc_entry_t *entryp)
    HB_REQUIRES(space->is_lock_data);

kern_return_t ipc_right_request_alloc(ipc_space_t space, mach_port_name_t name,
    bool immediate, bool send_possible, ipc_port_t notify,
    ipc_port_t *previousp) HB_EXCLUDES(space->is_lock_data);
ipc_port_t ipc_right_request_cancel(ipc_space_t space, ipc_port_t port,
    mach_port_name_t name, ipc_entry_t entry)
    HB_REQUIRES(port->ip_object.io_lock_data);
#define ipc_right_request_cancel_macro(space, port, name, entry) \
	(((entry)->ie_request == IE_REQ_NONE)                    \
		? IP_NULL                                        \
		: ipc_right_request_cancel((space), (port), (name), (entry)))

/* false (the port is alive) returns with the port locked. */
bool ipc_right_check(ipc_space_t space, ipc_port_t port, mach_port_name_t name,
    ipc_entry_t entry) HB_REQUIRES(space->is_lock_data)
    HB_TRY_ACQUIRE(false, port->ip_object.io_lock_data);
bool ipc_right_inuse(ipc_entry_t entry);

void ipc_right_terminate(
    ipc_space_t space, mach_port_name_t name, ipc_entry_t entry);
kern_return_t ipc_right_destroy(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry) HB_RELEASE(space->is_lock_data);
kern_return_t ipc_right_dealloc(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry) HB_RELEASE(space->is_lock_data);
kern_return_t ipc_right_delta(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, mach_port_right_t right, mach_port_delta_t delta)
    HB_RELEASE(space->is_lock_data);
kern_return_t ipc_right_info(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, mach_port_type_t *typep, mach_port_urefs_t *urefsp)
    HB_RELEASE(space->is_lock_data);

bool ipc_right_copyin_check(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, mach_msg_type_name_t msgt_name)
    HB_REQUIRES(space->is_lock_data);
bool ipc_right_is_dead(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry) HB_REQUIRES(space->is_lock_data);
kern_return_t ipc_right_copyin(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, mach_msg_type_name_t msgt_name, bool deadok,
    ipc_object_t *objectp, ipc_port_t *sorightp, ipc_port_t *releasep)
    HB_REQUIRES(space->is_lock_data);
kern_return_t ipc_right_copyin_two(ipc_space_t space, mach_port_name_t name,
    ipc_entry_t entry, ipc_object_t *objectp, ipc_port_t *sorightp,
    ipc_port_t *releasep) HB_REQUIRES(space->is_lock_data);
kern_return_t
ipc_right_copyout(ipc_space_t space, mach_port_name_t name, ipc_entry_t entry,
    mach_msg_type_name_t msgt_name, bool overflow, ipc_object_t object)
    HB_REQUIRES(space->is_lock_data) HB_RELEASE(object->io_lock_data);
kern_return_t
ipc_right_rename(ipc_space_t space, mach_port_name_t oname, ipc_entry_t oentry,
    mach_port_name_t nname, ipc_entry_t nentry) HB_RELEASE(space->is_lock_data);

#endif /* _IPC_IPC_RIGHT_H_ */
