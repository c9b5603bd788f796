/*
 * mach/mach_types.h - the C types of Mach kernel objects, as the MIG
 * interfaces (.defs) name them.
 *
 * In user space every kernel object is named by a port, so all of these
 * are mach_port_t.  Inside the kernel (KERNEL defined) they are pointers to
 * the kernel's own structures, which are declared here only as incomplete
 * types; the kernel defines them.
 */
#ifndef _MACH_MACH_TYPES_H_
#define _MACH_MACH_TYPES_H_

#include <stdint.h>
#include <mach/std_types.h>
#include <mach/message.h>
#include <mach/task_special_ports.h>

#if defined(KERNEL)
struct task;
struct thread;
struct ipc_space;
struct host;
struct processor;
struct processor_set;
struct semaphore;
struct ledger;

typedef struct task *task_t;
typedef struct task *task_name_t;
typedef struct task *task_inspect_t;
typedef struct task *task_read_t;
typedef struct task *task_suspension_token_t;
typedef struct thread *thread_t;
typedef struct thread *thread_act_t;
typedef struct thread *thread_inspect_t;
typedef struct thread *thread_read_t;
typedef struct ipc_space *ipc_space_t;
typedef struct ipc_space *ipc_space_read_t;
typedef struct ipc_space *ipc_space_inspect_t;
typedef struct host *host_t;
typedef struct host *host_priv_t;
typedef struct host *host_security_t;
typedef struct processor *processor_t;
typedef struct processor_set *processor_set_t;
typedef struct processor_set *processor_set_control_t;
typedef struct processor_set *processor_set_name_t;
typedef struct semaphore *semaphore_t;
typedef struct ledger *ledger_t;
typedef mach_port_t clock_serv_t;
typedef mach_port_t clock_ctrl_t;

#define TASK_NULL ((task_t)0)
#define THREAD_NULL ((thread_t)0)
#define IPC_SPACE_NULL ((ipc_space_t)0)
#define HOST_NULL ((host_t)0)
#else /* !KERNEL */
typedef mach_port_t task_t;
typedef mach_port_t task_name_t;
typedef mach_port_t task_inspect_t;
typedef mach_port_t task_read_t;
typedef mach_port_t task_suspension_token_t;
typedef mach_port_t thread_t;
typedef mach_port_t thread_act_t;
typedef mach_port_t thread_inspect_t;
typedef mach_port_t thread_read_t;
typedef mach_port_t ipc_space_t;
typedef mach_port_t ipc_space_read_t;
typedef mach_port_t ipc_space_inspect_t;
typedef mach_port_t host_t;
typedef mach_port_t host_priv_t;
typedef mach_port_t host_security_t;
typedef mach_port_t processor_t;
typedef mach_port_t processor_set_t;
typedef mach_port_t processor_set_control_t;
typedef mach_port_t processor_set_name_t;
typedef mach_port_t semaphore_t;
typedef mach_port_t ledger_t;
typedef mach_port_t clock_serv_t;
typedef mach_port_t clock_ctrl_t;

#define TASK_NULL ((task_t)0)
#define THREAD_NULL ((thread_t)0)
#define IPC_SPACE_NULL ((ipc_space_t)0)
#define HOST_NULL ((host_t)0)
#endif /* KERNEL */

typedef task_t *task_array_t;
typedef thread_t *thread_array_t;
typedef thread_act_t *thread_act_array_t;
typedef processor_set_t *processor_set_array_t;
typedef processor_t *processor_array_t;
typedef ledger_t *ledger_array_t;
typedef mach_port_t *mach_port_array_t;

typedef mach_port_t task_port_t;
typedef mach_port_t thread_port_t;
typedef mach_port_t exception_port_t;
typedef exception_port_t *exception_port_array_t;

/* Memory protection and inheritance (mach_vm_protect and friends). */
typedef int vm_prot_t;
#define VM_PROT_NONE ((vm_prot_t)0x00)
#define VM_PROT_READ ((vm_prot_t)0x01)
#define VM_PROT_WRITE ((vm_prot_t)0x02)
#define VM_PROT_EXECUTE ((vm_prot_t)0x04)
#define VM_PROT_DEFAULT (VM_PROT_READ | VM_PROT_WRITE)
#define VM_PROT_ALL (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE)
typedef unsigned int vm_inherit_t;

#define VM_FLAGS_FIXED 0x0000
#define VM_FLAGS_ANYWHERE 0x0001

/* Flavoured information (task_info, host_info, thread state). */
typedef natural_t task_flavor_t;
typedef integer_t *task_info_t;
#define TASK_INFO_MAX (1024)
typedef integer_t task_info_data_t[TASK_INFO_MAX];

typedef integer_t host_flavor_t;
typedef integer_t *host_info_t;
#define HOST_INFO_MAX (1024)
typedef integer_t host_info_data_t[HOST_INFO_MAX];

typedef int thread_state_flavor_t;
typedef natural_t *thread_state_t;
#define THREAD_STATE_MAX (1296)
typedef natural_t thread_state_data_t[THREAD_STATE_MAX];

/* mach_port_kobject_description. */
typedef char kobject_description_t[512];

#define KERNEL_VERSION_MAX (512)
typedef char kernel_version_t[KERNEL_VERSION_MAX];

/* task_info flavors Harbor answers. */
#define TASK_BASIC_INFO_64 5

/* host_info flavors Harbor answers. */
#define HOST_BASIC_INFO 1

typedef struct host_basic_info {
	integer_t max_cpus;
	integer_t avail_cpus;
	natural_t memory_size;
	int32_t cpu_type;
	int32_t cpu_subtype;
	int32_t cpu_threadtype;
	integer_t physical_cpu;
	integer_t physical_cpu_max;
	integer_t logical_cpu;
	integer_t logical_cpu_max;
	uint64_t max_mem;
} host_basic_info_data_t;
#define HOST_BASIC_INFO_COUNT                                      \
	((mach_msg_type_number_t)(sizeof(host_basic_info_data_t) / \
	    sizeof(integer_t)))


_Static_assert(sizeof(host_basic_info_data_t) == 48, "host_basic_info");

#endif /* _MACH_MACH_TYPES_H_ */
