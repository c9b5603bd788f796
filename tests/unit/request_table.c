/*
 * request_table.c - unit tests of the per-port notification request table
 * (osfmk/ipc/ipc_port.c): the size series, growth, the LIFO free list and
 * slot order, slot flag bits, and the armed list behind
 * ipc_port_spnotify.  Spec sections 1.4, 1.5, 2 and 5; Harbor decisions
 * 6, 7 and 8.
 *
 * Requests are registered at the port level with made-up names (the table
 * does not know about spaces); their send-once rights come from a notify
 * port in the test task, from which the notifications are received with
 * the mach_msg receive path.
 */
#include "unit_kernel.h"

#define NAME(i) ((mach_port_name_t)(0x10000 + (i)))

/* Kernel routines of mach_port.c (their prototypes live in MIG output). */
kern_return_t mach_port_set_attributes(ipc_space_t space, mach_port_name_t name,
    mach_port_flavor_t flavor, mach_port_info_t info,
    mach_msg_type_number_t count);
kern_return_t mach_port_get_attributes(ipc_space_t space, mach_port_name_t name,
    mach_port_flavor_t flavor, mach_port_info_t info,
    mach_msg_type_number_t *countp);

/* A notify port and a send-once right maker. */
static ipc_port_t notify_port;
static mach_port_name_t notify_name;

static void
notify_open(void)
{
	notify_port = ut_port(&notify_name);
}

static void
notify_close(void)
{
	ut_port_put(notify_port);
	notify_port = IP_NULL;
}

static ipc_port_t
so(void)
{
	return ipc_port_make_sonce(notify_port);
}

/* Receive every queued notification; check nothing but ids we expect. */
static int
drain(mach_msg_id_t want_id, mach_port_name_t *names, int max)
{
	mach_msg_id_t id;
	mach_port_name_t name;
	int n = 0;

	while (ut_receive(notify_name, &id, &name) == MACH_MSG_SUCCESS) {
		UT_CHECK(id == want_id, "notification id %d, expected %d", id,
		    want_id);
		if (n < max)
			names[n] = name;
		n++;
	}
	return n;
}

/* --- the size series (decision 7) ---------------------------------------- */

static void
test_series(void)
{
	uint32_t i, last = 0;

	for (i = 0; i < 9; i++)
		UT_CHECK_EQ(ipc_port_request_series[i], 2u << i,
		    "reference part of the series (2..512)");
	for (i = 0; ipc_port_request_series[i] != 0; i++) {
		UT_CHECK(ipc_port_request_series[i] > last,
		    "series not strictly increasing at %u", i);
		/* amortized O(1) growth: each size at least 1.5x the last */
		if (i > 0)
			UT_CHECK(ipc_port_request_series[i] >= last + last / 2,
			    "step %u -> %u too small for amortized growth",
			    last, ipc_port_request_series[i]);
		last = ipc_port_request_series[i];
		if (i > IPC_PORT_REQUEST_SERIES_MAX)
			break;
	}
	UT_CHECK_EQ(i, IPC_PORT_REQUEST_SERIES_MAX, "series length");
	UT_CHECK(last >= (1u << 20), "largest table %u < 2^20 slots", last);
	UT_CHECK_EQ(last, IPC_PORT_REQUEST_SLOTS_MAX, "largest table");
	UT_CHECK_EQ(sizeof(struct ipc_port_request), 16, "slot size on LP64");
	UT_CHECK_EQ(IPR_SOR_SPARM_MASK, 1, "IPR_SOR_SPARM_MASK");
	UT_CHECK_EQ(IPR_SOR_SPREQ_MASK, 2, "IPR_SOR_SPREQ_MASK");
	UT_CHECK_EQ(IPR_SOR_SPBIT_MASK, 3, "IPR_SOR_SPBIT_MASK");
}

/* --- growth ------------------------------------------------------------- */

/* Automatic growth walks the series one size at a time, then stops. */
static void
test_grow_automatic_walk(void)
{
	uint64_t tables0 = ut_zone_live("ipc.request.tables");
	ipc_port_t port = ut_port(NULL);
	ipc_port_request_index_t idx;
	ipc_port_t s;
	kern_return_t kr;
	uint32_t i;

	notify_open();
	UT_CHECK_EQ(ut_table_size(port), 0, "a new port has no table");
	s = so();
	ip_lock(port);
	kr = ipc_port_request_alloc(port, NAME(1), s, false, false, &idx);
	ip_unlock(port);
	UT_CHECK_EQ(kr, KERN_NO_SPACE, "alloc with no table");
	ipc_port_release_sonce(s);

	for (i = 0; ipc_port_request_series[i] != 0; i++) {
		ip_lock(port);
		kr = ipc_port_request_grow(port, ITS_SIZE_NONE);
		UT_CHECK(!ip_lock_held(port), "grow returned with port locked");
		UT_CHECK_EQ(lck_held_count(), 0, "locks held after grow");
		UT_CHECK_EQ(kr, KERN_SUCCESS, "automatic grow");
		UT_CHECK_EQ(ut_table_size(port), ipc_port_request_series[i],
		    "size after automatic grow");
	}
	ip_lock(port);
	kr = ipc_port_request_grow(port, ITS_SIZE_NONE);
	UT_CHECK_EQ(kr, KERN_RESOURCE_SHORTAGE, "grow beyond the largest");
	UT_CHECK_EQ(lck_held_count(), 0, "locks held after failed grow");
	ip_lock(port);
	kr = ipc_port_request_grow(port, IPC_PORT_REQUEST_SLOTS_MAX + 1);
	UT_CHECK_EQ(kr, KERN_NO_SPACE, "explicit target beyond the largest");
	ip_lock(port);
	kr = ipc_port_request_grow(port, 1000);
	UT_CHECK_EQ(kr, KERN_SUCCESS, "explicit target already satisfied");
	UT_CHECK_EQ(ut_table_size(port), IPC_PORT_REQUEST_SLOTS_MAX,
	    "size unchanged at the largest");
	UT_CHECK_EQ(ut_zone_live("ipc.request.tables") - tables0, 1,
	    "one table accounted, every replaced one freed");
	notify_close();
	ut_port_put(port);
}

/* Decision 6: an explicit target is reached in one call. */
static void
test_grow_explicit_one_call(void)
{
	uint64_t slots0 = ut_zone_live("ipc.request.slots");
	uint64_t bytes0 = ut_zone_bytes("ipc.request.tables");
	ipc_port_t port = ut_port(NULL);
	ipc_port_request_index_t idx[4];
	kern_return_t kr;
	uint32_t i;

	notify_open();
	/* from no table */
	ip_lock(port);
	kr = ipc_port_request_grow(port, 1000);
	UT_CHECK_EQ(kr, KERN_SUCCESS, "explicit grow from no table");
	UT_CHECK_EQ(ut_table_size(port), 1024, "first size >= 1000");

	/* from a small table holding requests: many steps in one call */
	ut_port_put(port);
	port = ut_port(NULL);
	for (i = 0; i < 3; i++)
		UT_CHECK_EQ(
		    ut_request(port, NAME(i), so(), false, false, &idx[i]),
		    KERN_SUCCESS, "request");
	UT_CHECK_EQ(ut_table_size(port), 4, "three requests fill 4 slots");
	ip_lock(port);
	kr = ipc_port_request_grow(port, 100000);
	UT_CHECK_EQ(kr, KERN_SUCCESS, "explicit grow 4 -> 100000");
	UT_CHECK_EQ(ut_table_size(port), 131072,
	    "first size >= 100000 in one call, however many steps");
	for (i = 0; i < 3; i++) {
		UT_CHECK_EQ(
		    port->ip_requests[idx[i]].ipr_name, NAME(i), "kept name");
		UT_CHECK_EQ(ut_type(port, NAME(i), idx[i]),
		    MACH_PORT_TYPE_DNREQUEST, "kept request");
	}
	/* the new slots: highest index first */
	UT_CHECK_EQ(ut_request(port, NAME(10), so(), false, false, &idx[3]),
	    KERN_SUCCESS, "request after grow");
	UT_CHECK_EQ(idx[3], 131071, "highest new slot is the head");

	/* at or below the current size: nothing to do */
	ip_lock(port);
	UT_CHECK_EQ(ipc_port_request_grow(port, 5), KERN_SUCCESS, "small");
	UT_CHECK_EQ(ut_table_size(port), 131072, "unchanged");
	ip_lock(port);
	UT_CHECK_EQ(ipc_port_request_grow(port, IPC_PORT_REQUEST_SLOTS_MAX),
	    KERN_SUCCESS, "explicit grow to exactly the largest");
	UT_CHECK_EQ(ut_table_size(port), IPC_PORT_REQUEST_SLOTS_MAX, "largest");
	ip_lock(port);
	UT_CHECK_EQ(ipc_port_request_grow(port, IPC_PORT_REQUEST_SLOTS_MAX + 1),
	    KERN_NO_SPACE, "explicit target beyond the largest");
	ip_lock(port);
	UT_CHECK_EQ(ipc_port_request_grow(port, ITS_SIZE_NONE),
	    KERN_RESOURCE_SHORTAGE, "automatic growth at the largest");
	UT_CHECK_EQ(
	    ut_zone_live("ipc.request.slots") - slots0, 4, "4 slots in use");
	UT_CHECK_EQ(ut_zone_bytes("ipc.request.tables") - bytes0,
	    (uint64_t)IPC_PORT_REQUEST_SLOTS_MAX * 16 + 1024 * 16,
	    "table bytes: the largest table and the first port's 1024");
	for (i = 0; i < 3; i++)
		ut_cancel(port, NAME(i), idx[i]);
	ut_cancel(port, NAME(10), idx[3]);
	UT_CHECK_EQ(
	    ut_zone_live("ipc.request.slots") - slots0, 0, "slots back");
	notify_close();
	ut_port_put(port);
}

/* The same through mach_port_set_attributes(MACH_PORT_DNREQUESTS_SIZE). */
static void
test_set_attributes_dnrequests_size(void)
{
	mach_port_name_t name;
	ipc_port_t port = ut_port(&name);
	ipc_port_request_index_t idx[3];
	mach_msg_type_number_t count = MACH_PORT_DNREQUESTS_SIZE_COUNT;
	integer_t size[1];
	uint32_t i;

	notify_open();
	for (i = 0; i < 3; i++)
		ut_request(port, NAME(i), so(), false, false, &idx[i]);
	size[0] = 100000;
	UT_CHECK_EQ(mach_port_set_attributes(
			ut_cur.space, name, MACH_PORT_DNREQUESTS_SIZE, size, 1),
	    KERN_SUCCESS, "set DNREQUESTS_SIZE 100000");
	UT_CHECK_EQ(lck_held_count(), 0, "nothing left locked");
	UT_CHECK_EQ(mach_port_get_attributes(ut_cur.space, name,
			MACH_PORT_DNREQUESTS_SIZE, size, &count),
	    KERN_SUCCESS, "get");
	UT_CHECK_EQ(size[0], 131072, "4 -> 131072 in one call");
	size[0] = (integer_t)(IPC_PORT_REQUEST_SLOTS_MAX + 1);
	UT_CHECK_EQ(mach_port_set_attributes(
			ut_cur.space, name, MACH_PORT_DNREQUESTS_SIZE, size, 1),
	    KERN_NO_SPACE, "beyond the largest size");
	UT_CHECK_EQ(lck_held_count(), 0, "nothing left locked");
	size[0] = 10;
	UT_CHECK_EQ(mach_port_set_attributes(
			ut_cur.space, name, MACH_PORT_DNREQUESTS_SIZE, size, 1),
	    KERN_SUCCESS, "smaller than the table: nothing to do");
	UT_CHECK_EQ(ut_table_size(port), 131072, "never shrinks");
	for (i = 0; i < 3; i++)
		UT_CHECK_EQ(ut_type(port, NAME(i), idx[i]),
		    MACH_PORT_TYPE_DNREQUEST, "requests kept");
	for (i = 0; i < 3; i++)
		ut_cancel(port, NAME(i), idx[i]);
	notify_close();
	ut_port_put(port);
}

/* Growth of a table that still has free slots keeps the old free list
 * behind the new slots (spec 1.5). */
static void
test_grow_explicit_keeps_free_list(void)
{
	ipc_port_t port = ut_port(NULL);
	ipc_port_request_index_t idx[8], got;
	uint32_t i;

	notify_open();
	for (i = 0; i < 7; i++)
		ut_request(port, NAME(i), so(), false, false, &idx[i]);
	/* free slots 5 then 2: free list is 2 -> 5 */
	UT_CHECK_EQ(idx[5], 5, "4th..7th got 7,6,5,4");
	ut_cancel(port, NAME(5), 5);
	ut_cancel(port, NAME(2), 2);
	UT_CHECK_EQ(idx[2], 2, "3rd got 2");
	ip_lock(port);
	UT_CHECK_EQ(ipc_port_request_grow(port, 16), KERN_SUCCESS, "grow 16");
	for (i = 15; i >= 8; i--) {
		ut_request(port, NAME(100 + i), so(), false, false, &got);
		UT_CHECK_EQ(got, i, "new slots first, highest first");
	}
	ut_request(port, NAME(200), so(), false, false, &got);
	UT_CHECK_EQ(got, 2, "then the old free list head");
	ut_request(port, NAME(201), so(), false, false, &got);
	UT_CHECK_EQ(got, 5, "then the rest of the old free list");
	UT_CHECK_EQ(ut_used(port), 15, "15 slots used");
	notify_close();
	ut_port_put(port);
}

/* --- slot order and the LIFO free list (spec 1.5) ------------------------ */

static void
test_slot_order_lifo(void)
{
	static const ipc_port_request_index_t want[15] = {
	    1, 3, 2, 7, 6, 5, 4, 15, 14, 13, 12, 11, 10, 9, 8};
	ipc_port_t port = ut_port(NULL);
	ipc_port_request_index_t idx[15], got;
	uint32_t i;

	notify_open();
	for (i = 0; i < 15; i++) {
		UT_CHECK_EQ(
		    ut_request(port, NAME(i), so(), i % 2, false, &idx[i]),
		    KERN_SUCCESS, "request");
		UT_CHECK_EQ(idx[i], want[i], "slot of a fresh table's request");
	}
	UT_CHECK_EQ(ut_table_size(port), 16, "15 requests in 16 slots");
	/* cancellation pushes on the head: last freed, first reused */
	ut_cancel(port, NAME(5), idx[5]);   /* slot 5 */
	ut_cancel(port, NAME(12), idx[12]); /* slot 10 */
	ut_cancel(port, NAME(0), idx[0]);   /* slot 1 */
	ut_request(port, NAME(50), so(), false, false, &got);
	UT_CHECK_EQ(got, 1, "LIFO 1");
	ut_request(port, NAME(51), so(), false, false, &got);
	UT_CHECK_EQ(got, 10, "LIFO 2");
	ut_request(port, NAME(52), so(), false, false, &got);
	UT_CHECK_EQ(got, 5, "LIFO 3");
	UT_CHECK_EQ(ut_table_size(port), 16, "no growth while slots free");
	ut_request(port, NAME(53), so(), false, false, &got);
	UT_CHECK_EQ(got, 31, "full table grows; highest new slot first");
	UT_CHECK_EQ(ut_table_size(port), 32, "next size");
	notify_close();
	ut_port_put(port);
}

/* --- flag bits and request types (spec 1.4, 2.3-2.5) --------------------- */

static void
test_flag_bits_and_types(void)
{
	ipc_port_t port = ut_port(NULL);
	ipc_port_request_index_t dn, spd, spa, fired;
	uintptr_t bits;
	mach_port_name_t names[4];
	ipc_port_t r;

	notify_open();
	ut_request(port, NAME(1), so(), false, false, &dn);
	ut_request(port, NAME(2), so(), true, false, &spd);
	ut_request(port, NAME(3), so(), true, true, &spa);

	bits = port->ip_requests[dn].ipr_soright_bits;
	UT_CHECK_EQ(bits & IPR_SOR_SPBIT_MASK, 0, "dead-name: no flag bits");
	UT_CHECK(IPR_SOR_PORT(bits) == notify_port, "dead-name right");
	bits = port->ip_requests[spd].ipr_soright_bits;
	UT_CHECK_EQ(bits & IPR_SOR_SPBIT_MASK, IPR_SOR_SPREQ_MASK,
	    "delayed send-possible: SPREQ only");
	bits = port->ip_requests[spa].ipr_soright_bits;
	UT_CHECK_EQ(bits & IPR_SOR_SPBIT_MASK, IPR_SOR_SPBIT_MASK,
	    "armed send-possible: SPREQ|SPARM");
	UT_CHECK(port->ip_sprequests, "immediate request sets ip_sprequests");

	UT_CHECK_EQ(ut_type(port, NAME(1), dn), MACH_PORT_TYPE_DNREQUEST,
	    "type of a dead-name slot");
	UT_CHECK_EQ(ut_type(port, NAME(2), spd),
	    MACH_PORT_TYPE_DNREQUEST | MACH_PORT_TYPE_SPREQUEST |
		MACH_PORT_TYPE_SPREQUEST_DELAYED,
	    "type of a delayed slot");
	UT_CHECK_EQ(ut_type(port, NAME(3), spa),
	    MACH_PORT_TYPE_DNREQUEST | MACH_PORT_TYPE_SPREQUEST,
	    "type of an armed slot");

	/* sparm: dead-name slot untouched, IE_REQ_NONE ignored */
	ip_lock(port);
	ipc_port_request_sparm(port, NAME(1), dn);
	ipc_port_request_sparm(port, NAME(9), IE_REQ_NONE);
	ip_unlock(port);
	UT_CHECK_EQ(port->ip_requests[dn].ipr_soright_bits & IPR_SOR_SPBIT_MASK,
	    0, "sparm on a dead-name slot does nothing");
	UT_CHECK_EQ(ut_type(port, NAME(1), dn), MACH_PORT_TYPE_DNREQUEST,
	    "still dead-name");
	/* sparm: delayed becomes armed; twice is harmless */
	ip_lock(port);
	ipc_port_request_sparm(port, NAME(2), spd);
	ipc_port_request_sparm(port, NAME(2), spd);
	ip_unlock(port);
	UT_CHECK_EQ(ut_type(port, NAME(2), spd),
	    MACH_PORT_TYPE_DNREQUEST | MACH_PORT_TYPE_SPREQUEST,
	    "armed by sparm");

	/* fire: both armed slots, ascending; slots stay allocated */
	ipc_port_spnotify(port);
	UT_CHECK_EQ(
	    drain(MACH_NOTIFY_SEND_POSSIBLE, names, 4), 2, "two SEND_POSSIBLE");
	UT_CHECK_EQ(names[0], spd < spa ? NAME(2) : NAME(3), "first fired");
	UT_CHECK_EQ(names[1], spd < spa ? NAME(3) : NAME(2), "second fired");
	UT_CHECK(!port->ip_sprequests, "ip_sprequests cleared by firing");
	UT_CHECK_EQ(port->ip_requests[spa].ipr_soright_bits, 0,
	    "fired slot: right and bits cleared");
	UT_CHECK_EQ(port->ip_requests[spa].ipr_name, NAME(3),
	    "fired slot keeps its name");
	UT_CHECK_EQ(ut_type(port, NAME(3), spa), 0, "fired slot type 0");
	UT_CHECK_EQ(ut_used(port), 3, "fired slots still used");
	/* sparm on a fired slot does nothing */
	ip_lock(port);
	ipc_port_request_sparm(port, NAME(3), spa);
	ip_unlock(port);
	UT_CHECK_EQ(port->ip_requests[spa].ipr_soright_bits, 0,
	    "sparm on a fired slot does nothing");
	UT_CHECK(!port->ip_sprequests, "and does not set ip_sprequests");
	ipc_port_spnotify(port);
	UT_CHECK_EQ(drain(MACH_NOTIFY_SEND_POSSIBLE, names, 4), 0,
	    "a second firing sends nothing");

	/* cancel: right stripped of its bits; fired slot yields NULL */
	fired = spa;
	ut_request(port, NAME(4), so(), true, true, &spa);
	ip_lock(port);
	r = ipc_port_request_cancel(port, NAME(4), spa);
	ip_unlock(port);
	UT_CHECK(r == notify_port, "cancel of an armed slot: plain right %p",
	    (void *)r);
	ipc_port_release_sonce(r);
	UT_CHECK(ut_cancel(port, NAME(3), fired) == IP_NULL,
	    "fired slot cancels to NULL");
	notify_close();
	ut_port_put(port);
}

/* The fired slot cancel, precisely (spec 2.5). */
static void
test_cancel_fired_is_null(void)
{
	ipc_port_t port = ut_port(NULL);
	ipc_port_request_index_t i1, i2;
	mach_port_name_t names[2];
	ipc_port_t r;

	notify_open();
	ut_request(port, NAME(1), so(), true, true, &i1);
	ut_request(port, NAME(2), so(), true, false, &i2);
	ipc_port_spnotify(port);
	UT_CHECK_EQ(drain(MACH_NOTIFY_SEND_POSSIBLE, names, 2), 1, "one");
	ip_lock(port);
	r = ipc_port_request_cancel(port, NAME(1), i1);
	ip_unlock(port);
	UT_CHECK(r == IP_NULL, "cancel of a fired slot returns NULL");
	ip_lock(port);
	r = ipc_port_request_cancel(port, NAME(2), i2);
	ip_unlock(port);
	UT_CHECK(r == notify_port, "cancel of a delayed slot: plain right");
	UT_CHECK_EQ((uintptr_t)r & IPR_SOR_SPBIT_MASK, 0, "no bits");
	ipc_port_release_sonce(r);
	UT_CHECK_EQ(ut_used(port), 0, "all free");
	notify_close();
	ut_port_put(port);
}

/* --- the armed list (decision 8) ---------------------------------------- */

#define MANY 600

/* Slots armed in random order fire in ascending slot order. */
static void
test_armed_random_order_fires_ascending(void)
{
	static ipc_port_request_index_t idx[MANY];
	static int kind[MANY]; /* 0 dn, 1 delayed, 2 armed */
	static mach_port_name_t got[MANY];
	static ipc_port_request_index_t order[MANY];
	ipc_port_t port = ut_port(NULL);
	int i, j, n, narmed = 0, nord = 0;

	notify_open();
	for (i = 0; i < MANY; i++) {
		kind[i] = (int)(ut_rand() % 3);
		ut_request(port, NAME(i), so(), kind[i] != 0, false, &idx[i]);
	}
	/* arm the kind-2 slots in a random order */
	for (i = 0; i < MANY; i++)
		order[i] = (ipc_port_request_index_t)i;
	for (i = MANY - 1; i > 0; i--) {
		j = (int)(ut_rand() % (uint32_t)(i + 1));
		n = (int)order[i];
		order[i] = order[j];
		order[j] = (ipc_port_request_index_t)n;
	}
	for (i = 0; i < MANY; i++) {
		int k = (int)order[i];

		if (kind[k] != 2)
			continue;
		ip_lock(port);
		ipc_port_request_sparm(port, NAME(k), idx[k]);
		ip_unlock(port);
		narmed++;
	}
	ipc_port_spnotify(port);
	n = drain(MACH_NOTIFY_SEND_POSSIBLE, got, MANY);
	UT_CHECK_EQ(n, narmed, "one SEND_POSSIBLE per armed slot");
	/* expected: armed names sorted by slot index */
	for (j = 1; j < (int)ut_table_size(port); j++) {
		for (i = 0; i < MANY; i++) {
			if (kind[i] == 2 && idx[i] == (uint32_t)j) {
				if (nord < n)
					UT_CHECK_EQ(got[nord], NAME(i),
					    "ascending slot order");
				nord++;
			}
		}
	}
	UT_CHECK_EQ(nord, narmed, "armed count");
	for (i = 0; i < MANY; i++) {
		mach_port_type_t want = kind[i] == 0 ? MACH_PORT_TYPE_DNREQUEST
		    : kind[i] == 1
		    ? (MACH_PORT_TYPE_DNREQUEST | MACH_PORT_TYPE_SPREQUEST |
			  MACH_PORT_TYPE_SPREQUEST_DELAYED)
		    : 0;
		UT_CHECK_EQ(
		    ut_type(port, NAME(i), idx[i]), want, "type after firing");
	}
	notify_close();
	ut_port_put(port);
}

/* Stale members of the armed list (cancelled, reused, re-armed, table
 * grown) fire at most once, and only if armed at firing time. */
static void
test_armed_list_stale_members(void)
{
	ipc_port_t port = ut_port(NULL);
	ipc_port_request_index_t a, b, c, d, x;
	mach_port_name_t got[8];
	int n;

	notify_open();
	ut_request(port, NAME(1), so(), true, true, &a); /* armed, listed */
	ut_request(port, NAME(2), so(), true, true, &b);
	ut_request(port, NAME(3), so(), true, true, &c);

	/* a: cancelled then reused by an armed request with a new name */
	ut_cancel(port, NAME(1), a);
	ut_request(port, NAME(11), so(), true, true, &x);
	UT_CHECK_EQ(x, a, "LIFO reuse of the cancelled slot");
	/* b: cancelled then reused by a plain dead-name request */
	ut_cancel(port, NAME(2), b);
	ut_request(port, NAME(12), so(), false, false, &x);
	UT_CHECK_EQ(x, b, "LIFO reuse");
	/* c: armed twice more */
	ip_lock(port);
	ipc_port_request_sparm(port, NAME(3), c);
	ipc_port_request_sparm(port, NAME(3), c);
	ip_unlock(port);
	/* grow the table under the list (realloc + copy) */
	ip_lock(port);
	UT_CHECK_EQ(ipc_port_request_grow(port, 64), KERN_SUCCESS, "grow");
	ut_request(port, NAME(4), so(), true, true, &d); /* 63 */

	ipc_port_spnotify(port);
	n = drain(MACH_NOTIFY_SEND_POSSIBLE, got, 8);
	UT_CHECK_EQ(n, 3, "three SEND_POSSIBLE (reused a, c, d)");
	if (n == 3) {
		/* ascending slot order: a=1, c=2, d=63 */
		UT_CHECK_EQ(got[0], a < c ? NAME(11) : NAME(3), "1st");
		UT_CHECK_EQ(got[1], a < c ? NAME(3) : NAME(11), "2nd");
		UT_CHECK_EQ(got[2], NAME(4), "3rd");
	}
	UT_CHECK_EQ(ut_type(port, NAME(12), b), MACH_PORT_TYPE_DNREQUEST,
	    "dead-name request in a stale slot untouched");
	ipc_port_spnotify(port);
	UT_CHECK_EQ(
	    drain(MACH_NOTIFY_SEND_POSSIBLE, got, 8), 0, "nothing fires twice");

	/* re-arm a fired slot's successor: cancel fired c, reuse, arm */
	ut_cancel(port, NAME(3), c);
	ut_request(port, NAME(13), so(), true, false, &x);
	UT_CHECK_EQ(x, c, "reuse");
	ip_lock(port);
	ipc_port_request_sparm(port, NAME(13), x);
	ip_unlock(port);
	ipc_port_spnotify(port);
	n = drain(MACH_NOTIFY_SEND_POSSIBLE, got, 8);
	UT_CHECK_EQ(n, 1, "re-armed slot fires once");
	if (n == 1)
		UT_CHECK_EQ(got[0], NAME(13), "with its new name");
	notify_close();
	ut_port_put(port);
}

/* Firing cost follows the armed list, not the table: with 100,000
 * unarmed requests and one armed one, exactly one notification. */
static void
test_armed_among_many_unarmed(void)
{
	static ipc_port_request_index_t idx[100000];
	uint64_t slots0 = ut_zone_live("ipc.request.slots");
	ipc_port_t port = ut_port(NULL);
	ipc_port_request_index_t a;
	mach_port_name_t got[2];
	uint32_t i;

	notify_open();
	ip_lock(port);
	(void)ipc_port_request_grow(port, 100002);
	for (i = 0; i < 100000; i++)
		ut_request(port, NAME(i), so(), i % 2, false, &idx[i]);
	ut_request(port, NAME(100000), so(), true, true, &a);
	ipc_port_spnotify(port);
	UT_CHECK_EQ(drain(MACH_NOTIFY_SEND_POSSIBLE, got, 2), 1, "one");
	UT_CHECK_EQ(got[0], NAME(100000), "the armed one");
	UT_CHECK_EQ(
	    ut_zone_live("ipc.request.slots") - slots0, 100001, "slots used");
	/*
	 * Cancel them: 100,000 DEAD_NAMEs to one notify port at death would
	 * exceed the kernel queue limit (see notify_overflow.c).
	 */
	for (i = 0; i < 100000; i++)
		ut_cancel(port, NAME(i), idx[i]);
	notify_close();
	ut_port_put(port);
}

/* Port death: DEAD_NAME for every unfired slot, ascending (spec 2.7, 5.5). */
static void
test_death_dead_names_ascending(void)
{
	mach_port_name_t pname, got[32];
	ipc_port_t port = ut_port(&pname);
	ipc_port_request_index_t idx[10], fired;
	mach_port_name_t want[16];
	int i, n, w = 0;
	uint32_t j;

	notify_open();
	for (i = 0; i < 10; i++)
		ut_request(port, NAME(i), so(), i % 3 != 0, false, &idx[i]);
	ut_request(port, NAME(99), so(), true, true, &fired);
	ipc_port_spnotify(port);
	UT_CHECK_EQ(drain(MACH_NOTIFY_SEND_POSSIBLE, got, 32), 1, "fired");
	ut_cancel(port, NAME(4), idx[4]);
	for (j = 1; j < 16; j++) {
		for (i = 0; i < 10; i++) {
			if (i != 4 && idx[i] == j)
				want[w++] = NAME(i);
		}
	}
	UT_CHECK_EQ(mach_port_destroy(ut_cur.space, pname), KERN_SUCCESS,
	    "destroy the receive right");
	n = drain(MACH_NOTIFY_DEAD_NAME, got, 32);
	UT_CHECK_EQ(n, w, "one DEAD_NAME per unfired request");
	for (i = 0; i < n && i < w; i++)
		UT_CHECK_EQ(got[i], want[i], "ascending slot order");
	UT_CHECK(!ip_active(port), "dead");
	UT_CHECK_EQ(port->ip_requests[fired].ipr_name, NAME(99),
	    "table kept after death (frozen)");
	notify_close();
	ut_port_put(port); /* last reference: the table goes */
}

/* ipc_port_request_rename (spec 2.6): the slot follows the new name. */
static void
test_rename(void)
{
	ipc_port_t port = ut_port(NULL);
	ipc_port_request_index_t a, b;
	mach_port_name_t got[2];

	notify_open();
	ut_request(port, NAME(1), so(), true, true, &a);
	ut_request(port, NAME(2), so(), false, false, &b);
	ip_lock(port);
	ipc_port_request_rename(port, a, NAME(1), NAME(11));
	ip_unlock(port);
	UT_CHECK_EQ(port->ip_requests[a].ipr_name, NAME(11), "renamed");
	UT_CHECK_EQ(ut_type(port, NAME(11), a),
	    MACH_PORT_TYPE_DNREQUEST | MACH_PORT_TYPE_SPREQUEST,
	    "kind kept across rename");
	ipc_port_spnotify(port);
	UT_CHECK_EQ(drain(MACH_NOTIFY_SEND_POSSIBLE, got, 2), 1, "fired");
	UT_CHECK_EQ(got[0], NAME(11), "under the new name");
	UT_CHECK(ut_cancel(port, NAME(11), a) == IP_NULL, "fired: NULL");
	ut_cancel(port, NAME(2), b);
	notify_close();
	ut_port_put(port);
}

/* Notifications whose notify port has died are dropped; rights released. */
static void
test_dead_notify_port(void)
{
	mach_port_name_t pname, nname;
	ipc_port_t port = ut_port(&pname), n = ut_port(&nname);
	ipc_port_request_index_t a, b, c;

	ut_request(port, NAME(1), ipc_port_make_sonce(n), true, true, &a);
	ut_request(port, NAME(2), ipc_port_make_sonce(n), true, false, &b);
	ut_request(port, NAME(3), ipc_port_make_sonce(n), false, false, &c);
	UT_CHECK_EQ(mach_port_destroy(ut_cur.space, nname), KERN_SUCCESS,
	    "the notify port dies");
	ipc_port_spnotify(port); /* SEND_POSSIBLE to a dead port */
	UT_CHECK_EQ(ut_type(port, NAME(1), a), 0, "fired all the same");
	UT_CHECK_EQ(n->ip_sorights, 2, "its right released");
	UT_CHECK_EQ(mach_port_destroy(ut_cur.space, pname), KERN_SUCCESS,
	    "the port dies: DEAD_NAME to a dead port, twice");
	UT_CHECK_EQ(n->ip_sorights, 0, "every right released");
	ut_port_put(port);
	ut_port_put(n);
}

/* Zone accounting follows allocation, cancellation and the table. */
static void
test_zone_accounting(void)
{
	uint64_t slots0 = ut_zone_live("ipc.request.slots");
	uint64_t tables0 = ut_zone_live("ipc.request.tables");
	uint64_t bytes0 = ut_zone_bytes("ipc.request.tables");
	ipc_port_t port = ut_port(NULL);
	ipc_port_request_index_t idx[40];
	uint32_t i;

	notify_open();
	for (i = 0; i < 40; i++)
		ut_request(port, NAME(i), so(), false, false, &idx[i]);
	UT_CHECK_EQ(ut_zone_live("ipc.request.slots") - slots0, 40, "slots");
	UT_CHECK_EQ(ut_zone_live("ipc.request.tables") - tables0, 1,
	    "one table (old ones freed on growth)");
	UT_CHECK_EQ(ut_zone_bytes("ipc.request.tables") - bytes0, 64 * 16,
	    "64-slot table");
	for (i = 0; i < 40; i += 2)
		ut_cancel(port, NAME(i), idx[i]);
	UT_CHECK_EQ(ut_zone_live("ipc.request.slots") - slots0, 20, "slots");
	notify_close();
	ut_port_put(port);
	UT_CHECK_EQ(ut_zone_live("ipc.request.tables") - tables0, 1,
	    "table lives while the task holds the receive right");
}

static const struct ut_case cases[] = {
    {"series_2_to_512_then_doubling_to_2p20", test_series, 0},
    {"grow_automatic_walks_series_then_resource_shortage",
	test_grow_automatic_walk, 0},
    {"grow_explicit_target_in_one_call", test_grow_explicit_one_call, 0},
    {"set_attributes_dnrequests_size_one_call",
	test_set_attributes_dnrequests_size, 0},
    {"grow_keeps_old_free_list_behind_new_slots",
	test_grow_explicit_keeps_free_list, 0},
    {"slot_order_fresh_table_and_lifo_free_list", test_slot_order_lifo, 0},
    {"flag_bits_types_sparm_cancel", test_flag_bits_and_types, 0},
    {"cancel_fired_slot_returns_null", test_cancel_fired_is_null, 0},
    {"armed_random_order_fires_ascending",
	test_armed_random_order_fires_ascending, 0},
    {"armed_list_stale_members_fire_once", test_armed_list_stale_members, 0},
    {"one_armed_among_100000_unarmed", test_armed_among_many_unarmed, 0},
    {"death_dead_names_ascending_fired_skipped",
	test_death_dead_names_ascending, 0},
    {"rename_moves_the_slot_to_the_new_name", test_rename, 0},
    {"notifications_to_a_dead_notify_port_dropped", test_dead_notify_port, 0},
    {"zone_accounting_slots_and_tables", test_zone_accounting, 0},
};

UT_MAIN(cases)
