/* What the round-trip work functions saw (tests/mig/rt_impl.c). */
#ifndef _RT_IMPL_H_
#define _RT_IMPL_H_

#include <mach/port.h>
#include <mach/message.h>

struct rt_seen {
	mach_port_t server;
	mach_msg_type_number_t capacity;
	int quad_sum;
	mach_port_t ports[5];
	mach_msg_type_name_t poly;
	int simple_value;
};

extern struct rt_seen rt_seen;

/* The generated demux, lookup and subsystem object (rt_server.c). */
#include <mach/mig.h>
extern boolean_t rt_server(mach_msg_header_t *in, mach_msg_header_t *out);
extern mig_routine_t rt_server_routine(mach_msg_header_t *in);


#endif
