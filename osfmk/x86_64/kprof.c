/*
 * x86_64/kprof.c - a sampling profiler of the kernel, switched on with
 * the boot argument kprof=HZ (1024, 2048, 4096 or 8192).
 *
 * Samples must not depend on the interrupt flag: most of the IPC path
 * runs with interrupts off (every lock), and a maskable timer would
 * charge all of that time to the instruction after the last unlock.  So
 * the sample source is the RTC's periodic interrupt (IRQ 8), routed by
 * the I/O APIC as an NMI (and left masked at the 8259).  The NMI runs on
 * its own stack (IST2), counts the interrupted rip (user-mode samples are
 * counted together), re-arms the RTC and returns at once.  md_halt prints
 * the table ("kprof: RIP COUNT" lines); tools/kprof.sh folds it into
 * functions with the kernel's symbol table.  Under -icount shift=0 with
 * -rtc clock=vm the samples fall every 1e9/HZ guest instructions.
 */
#include <x86_64/machine.h>

#define KPROF_SLOTS 4096
#define IOAPIC_PHYS 0xfec00000UL
#define IOAPIC_REDIR(n) (0x10 + 2 * (n))
#define RTC_IRQ 8
#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71

struct kprof_slot {
	uint64_t rip;
	uint64_t count;
};

static struct kprof_slot kprof_table[KPROF_SLOTS];
static uint64_t kprof_user, kprof_lost;
static bool kprof_stopped; /* dumping: later NMIs are dropped */
uint32_t x86_kprof_hz;     /* 0: off */

static void
ioapic_write(uint32_t reg, uint32_t val)
{
	volatile uint32_t *base = PHYS_TO_VIRT(IOAPIC_PHYS);

	base[0] = reg; /* IOREGSEL */
	base[4] = val; /* IOWIN at +0x10 */
}

static uint8_t
cmos_get(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static void
cmos_set(uint8_t reg, uint8_t val)
{
	outb(CMOS_INDEX, reg);
	outb(CMOS_DATA, val);
}

/* RTC rate code for a frequency: 32768 >> (rate - 1) Hz. */
static uint8_t
rtc_rate(uint32_t hz)
{
	uint8_t rate = 3; /* 8192 Hz */

	while (rate < 6 && (32768U >> (rate - 1)) > hz)
		rate++;
	return rate;
}

/*
 * Routine:	x86_kprof_init
 * Purpose:	With kprof=HZ, start the RTC's periodic interrupt and route
 *		it to this CPU as an NMI.
 * Conditions:	Boot, after x86_desc_init.
 * Returns:	Nothing.
 */
void
x86_kprof_init(void)
{
	char arg[16];
	uint32_t hz = 0, i;
	uint8_t rate;

	if (!x86_boot_arg("kprof", arg, sizeof(arg)))
		return;
	for (i = 0; arg[i] >= '0' && arg[i] <= '9'; i++)
		hz = hz * 10 + (uint32_t)(arg[i] - '0');
	rate = rtc_rate(hz == 0 ? 8192 : hz);
	x86_kprof_hz = 32768U >> (rate - 1);
	cmos_set(0x0a, (uint8_t)((cmos_get(0x0a) & 0xf0) | rate));
	cmos_set(0x0b, (uint8_t)(cmos_get(0x0b) | 0x40)); /* periodic */
	(void)cmos_get(0x0c);
	ioapic_write(IOAPIC_REDIR(RTC_IRQ) + 1, 0);         /* APIC id 0 */
	ioapic_write(IOAPIC_REDIR(RTC_IRQ), 0x400 | T_NMI); /* NMI, edge */
	x86_printf("kprof: sampling at %u Hz (NMI)\n", x86_kprof_hz);
}

static void
kprof_count(uint64_t rip)
{
	uint64_t h = (rip * 0x9e3779b97f4a7c15UL) >> 52;
	int probe;

	for (probe = 0; probe < 16; probe++) {
		struct kprof_slot *s = &kprof_table[(h + probe) % KPROF_SLOTS];

		if (s->rip == rip || s->rip == 0) {
			s->rip = rip;
			s->count++;
			return;
		}
	}
	kprof_lost++;
}

/*
 * Routine:	x86_kprof_nmi
 * Purpose:	An NMI: if profiling, count the interrupted rip and re-arm
 *		the RTC.
 * Conditions:	NMI context (any other code may be interrupted anywhere).
 * Returns:	true if the NMI was a profiling sample.
 */
bool
x86_kprof_nmi(uint64_t rip, bool user)
{
	if (x86_kprof_hz == 0)
		return false;
	if (kprof_stopped)
		return true;
	if (user)
		kprof_user++;
	else
		kprof_count(rip);
	(void)cmos_get(0x0c); /* acknowledge: the next period may fire */
	return true;
}

/*
 * Routine:	x86_kprof_dump
 * Purpose:	Print the samples, one "kprof: RIP COUNT" line per kernel
 *		address, then the user and lost counts.
 * Conditions:	Any (called by md_halt).
 * Returns:	Nothing.
 */
void
x86_kprof_dump(void)
{
	int i;

	if (x86_kprof_hz == 0 || kprof_stopped)
		return;
	kprof_stopped = true;
	cmos_set(0x0b, (uint8_t)(cmos_get(0x0b) & ~0x40)); /* stop the RTC */
	x86_printf("kprof: begin\n");
	for (i = 0; i < KPROF_SLOTS; i++) {
		if (kprof_table[i].count != 0)
			x86_printf("kprof: %lx %lu\n", kprof_table[i].rip,
			    kprof_table[i].count);
	}
	x86_printf(
	    "kprof: user %lu lost %lu\nkprof: end\n", kprof_user, kprof_lost);
}
