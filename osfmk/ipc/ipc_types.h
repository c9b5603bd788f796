/*
 * ipc/ipc_types.h - the kernel's IPC object types, in one place so that
 * the headers of the IPC subsystem can refer to each other.
 */
#ifndef _IPC_IPC_TYPES_H_
#define _IPC_IPC_TYPES_H_

#include <mach/mach_types.h>
#include <mach/port.h>
#include <mach/message.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct ipc_object *ipc_object_t;
typedef struct ipc_port *ipc_port_t;
typedef struct ipc_pset *ipc_pset_t;
typedef struct ipc_entry *ipc_entry_t;
typedef struct ipc_kmsg *ipc_kmsg_t;
typedef struct ipc_mqueue *ipc_mqueue_t;
typedef struct ipc_port_request *ipc_port_request_t;

typedef uint32_t ipc_entry_bits_t;
typedef uint32_t ipc_entry_num_t;
typedef uint32_t mach_port_index_t;
typedef uint32_t mach_port_gen_t;
typedef uint32_t ipc_port_request_index_t;
typedef uint32_t ipc_object_bits_t;
typedef uint32_t ipc_object_type_t;
typedef uintptr_t ipc_kobject_t;

#define IO_NULL ((ipc_object_t)0)
#define IO_DEAD ((ipc_object_t) ~(uintptr_t)0)
#define IO_VALID(io) (((io) != IO_NULL) && ((io) != IO_DEAD))

#define IP_NULL ((ipc_port_t)0)
#define IP_DEAD ((ipc_port_t) ~(uintptr_t)0)
#define IP_VALID(p) (((p) != IP_NULL) && ((p) != IP_DEAD))

#define IPS_NULL ((ipc_pset_t)0)
#define IE_NULL ((ipc_entry_t)0)
#define IKM_NULL ((ipc_kmsg_t)0)
#define IPR_NULL ((ipc_port_request_t)0)

#define IE_REQ_NONE ((ipc_port_request_index_t)0)

#endif /* _IPC_IPC_TYPES_H_ */
