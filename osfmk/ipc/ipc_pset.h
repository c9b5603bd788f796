/*
 * ipc/ipc_pset.h - port sets.
 *
 * A port set is a receive-only object: receiving from it receives from any
 * member port.  Membership is many-to-many; each membership is one link
 * on two lists, the set's (ips_members) and the port's (ip_psets):
 *
 *	 pset A                pset B
 *	   | ips_members         | ips_members
 *	   v                     v
 *	 [link A,p1] -------> [link B,p1]      <- p1->ip_psets
 *	   |                     |
 *	   v                     v
 *	 [link A,p2]          (end)            <- p2->ip_psets
 *
 * Membership changes hold the space write lock of the space that holds
 * the port's receive right, the set lock, then the port lock.  A sender
 * reads the port's list under the port lock to wake the sets' receivers;
 * a receiver walks the set's list under the set lock.
 */
#ifndef _IPC_IPC_PSET_H_
#define _IPC_IPC_PSET_H_

#include <ipc/ipc_types.h>
#include <ipc/ipc_object.h>
#include <ipc/ipc_mqueue.h>

struct ipc_pset_link {
	ipc_pset_t ipl_pset;
	ipc_port_t ipl_port;
	struct ipc_pset_link *ipl_next_in_pset;
	struct ipc_pset_link *ipl_next_in_port;
};

struct ipc_pset {
	struct ipc_object ips_object; /* io_lock_data is the set lock */
	struct ipc_mqueue ips_messages;
	struct ipc_pset_link *ips_members;
	mach_port_name_t ips_local_name;
	ipc_space_t ips_space;
};

#define ips_to_object(s) ((ipc_object_t)(s)) /* ips_object is first */
static inline __attribute__((always_inline)) void
ips_lock(ipc_pset_t pset) HB_ACQUIRE(pset->ips_object.io_lock_data)
{
	lck_mtx_lock(&pset->ips_object.io_lock_data);
}

static inline __attribute__((always_inline)) void
ips_unlock(ipc_pset_t pset) HB_RELEASE(pset->ips_object.io_lock_data)
{
	lck_mtx_unlock(&pset->ips_object.io_lock_data);
}
#define ips_active(s) io_active(ips_to_object(s))
#define ips_reference(s) io_reference(ips_to_object(s))
#define ips_release(s) io_release(ips_to_object(s))

void ipc_pset_init(void);
kern_return_t ipc_pset_alloc(ipc_space_t space, bool by_name,
    mach_port_name_t *namep, ipc_pset_t *psetp);
kern_return_t ipc_pset_add(ipc_pset_t pset, ipc_port_t port);
kern_return_t ipc_pset_remove(ipc_pset_t pset, ipc_port_t port);
bool ipc_pset_member(ipc_pset_t pset, ipc_port_t port);
void ipc_pset_remove_from_all(ipc_port_t port);
void ipc_pset_destroy(ipc_pset_t pset);
void ipc_pset_free(ipc_pset_t pset);
void ipc_pset_wakeup_locked(ipc_port_t port);

#endif /* _IPC_IPC_PSET_H_ */
