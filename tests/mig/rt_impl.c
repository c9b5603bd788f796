/*
 * tests/mig/rt_impl.c - server work functions of the round-trip test
 * interface (fixtures/rt.defs), compiled against the generated server
 * header.  They record what they saw in rt_seen for the tests to check.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_server.h"
#include "rt_impl.h"

struct rt_seen rt_seen;

/*
 * Routine:	srv_rt_scalars
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_scalars(
    mach_port_t server, int a, uint64_t b, small_t s8, int *c, int64_t *d)
{
	rt_seen.server = server;
	*c = *c + a;
	*d = (int64_t)b * 2 + s8;
	return KERN_SUCCESS;
}

/*
 * Routine:	srv_rt_string
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_string(mach_port_t server, name_t s, fixname_t f, name_t r, fixname_t fr)
{
	size_t i;

	strcpy(r, "echo:");
	strncat(r, s, 64 - 6);
	for (i = 0; i < sizeof(fixname_t) && f[i] != '\0'; i++)
		fr[i] = (char)(f[i] - 'a' + 'A');
	fr[i < sizeof(fixname_t) ? i : sizeof(fixname_t) - 1] = '\0';
	return KERN_SUCCESS;
}

/*
 * Routine:	srv_rt_inline
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_inline(mach_port_t server, int_array_t arr,
    mach_msg_type_number_t arrCnt, int_array_t outarr,
    mach_msg_type_number_t *outarrCnt)
{
	mach_msg_type_number_t i, n = arrCnt + 2 > 8 ? 8 : arrCnt + 2;

	rt_seen.capacity = *outarrCnt;
	/* Deliberately ignores the capacity: the client must truncate. */
	for (i = 0; i < n; i++)
		outarr[i] = i < arrCnt ? arr[arrCnt - 1 - i] : 100 + (int)i;
	*outarrCnt = n;
	return KERN_SUCCESS;
}

/*
 * Routine:	srv_rt_ool
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_ool(mach_port_t server, bytes_t data, mach_msg_type_number_t dataCnt,
    rtquad_ptr_t q, bytes_t *outdata, mach_msg_type_number_t *outdataCnt)
{
	char *p = malloc((size_t)dataCnt * 2 + 1);
	mach_msg_type_number_t i;

	for (i = 0; i < dataCnt; i++)
		p[i] = p[i + dataCnt] = data[i];
	rt_seen.quad_sum = q->v[0] + q->v[1] + q->v[2] + q->v[3];
	*outdata = p;
	*outdataCnt = dataCnt * 2;
	return KERN_SUCCESS;
}

/*
 * Routine:	srv_rt_ports
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_ports(mach_port_t server, mach_port_t p_copy, mach_port_t p_make,
    mach_port_t p_so, mach_port_t p_poly, mach_msg_type_name_t p_polyPoly,
    mach_port_t p_rcv, mach_port_t *o_port, mach_port_t *o_poly,
    mach_msg_type_name_t *o_polyPoly)
{
	rt_seen.ports[0] = p_copy;
	rt_seen.ports[1] = p_make;
	rt_seen.ports[2] = p_so;
	rt_seen.ports[3] = p_poly;
	rt_seen.ports[4] = p_rcv;
	rt_seen.poly = p_polyPoly;
	*o_port = p_copy + 1000;
	*o_poly = p_make;
	*o_polyPoly = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	return KERN_SUCCESS;
}

/*
 * Routine:	srv_rt_samecount
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_samecount(mach_port_t server, int n, int_array_t a1,
    mach_msg_type_number_t *a1Cnt, int_array_t a2, int *tail)
{
	int i;

	for (i = 0; i < n; i++) {
		a1[i] = i;
		a2[i] = 10 * i;
	}
	*a1Cnt = (mach_msg_type_number_t)n;
	*tail = 77;
	return KERN_SUCCESS;
}

/*
 * Routine:	srv_rt_simple
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_simple(mach_port_t server, int v)
{
	rt_seen.simple_value = v;
	return KERN_SUCCESS;
}

/*
 * Routine:	srv_rt_error
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_error(mach_port_t server, int code)
{
	return code;
}

/*
 * Routine:	srv_rt_two_var
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_two_var(mach_port_t server, int_array_t x, mach_msg_type_number_t xCnt,
    name_t s, int after, int_array_t y, mach_msg_type_number_t *yCnt, name_t t,
    int *z)
{
	mach_msg_type_number_t i;

	for (i = 0; i < xCnt; i++)
		y[i] = x[xCnt - 1 - i];
	*yCnt = xCnt;
	strcpy(t, s);
	*z = after + (int)xCnt;
	return KERN_SUCCESS;
}

/*
 * Routine:	srv_rt_struct
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_struct(mach_port_t server, rtquad_t st, rtquad_t *io, rtquad_t *st2)
{
	int i;

	for (i = 0; i < 4; i++)
		io->v[i] += st.v[i];
	*st2 = st;
	return KERN_SUCCESS;
}

/*
 * Routine:	srv_rt_oolports
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_oolports(mach_port_t server, port_array_t ports,
    mach_msg_type_number_t portsCnt, port_array_t *oports,
    mach_msg_type_number_t *oportsCnt)
{
	static mach_port_t p[64];
	mach_msg_type_number_t i;

	if (portsCnt > 64)
		return KERN_INVALID_ARGUMENT;
	for (i = 0; i < portsCnt; i++)
		p[i] = ports[i] + 1;
	*oports = p;
	*oportsCnt = portsCnt;
	return KERN_SUCCESS;
}

/*
 * Routine:	srv_rt_seqno
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_seqno(mach_port_t server, mach_port_seqno_t seq, unsigned *s)
{
	*s = seq;
	return KERN_SUCCESS;
}

/*
 * Routine:	srv_rt_portarray
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_portarray(mach_port_t server, port3_t pa, mach_msg_type_number_t paCnt,
    port3_t opa, mach_msg_type_number_t *opaCnt)
{
	mach_msg_type_number_t i;

	for (i = 0; i < paCnt; i++)
		opa[i] = pa[i] * 2;
	*opaCnt = paCnt;
	return KERN_SUCCESS;
}

/*
 * Routine:	srv_rt_inout_port
 * Purpose:	Work function of the rt.defs routine of the same name
 *		(without srv_); records what it saw in rt_seen.
 * Conditions:	Called by the generated server stub.
 * Returns:	KERN_SUCCESS, or the code the test asked for.
 */
kern_return_t
srv_rt_inout_port(mach_port_t server, mach_port_t *p)
{
	rt_seen.ports[0] = *p;
	*p = *p + 1;
	return KERN_SUCCESS;
}
