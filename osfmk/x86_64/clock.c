/*
 * x86_64/clock.c - time: the TSC for md_absolute_time, calibrated once
 * against the PIT, and the PIT as the periodic timer interrupt (IRQ 0,
 * X86_HZ per second) through the 8259 PICs remapped to vectors 32..47.
 *
 * Under qemu -icount shift=0 the TSC and the PIT both follow the virtual
 * clock, which advances 1 ns per guest instruction: the calibration then
 * yields exactly 1000 MHz (it is rounded to whole MHz) and
 * md_absolute_time counts instructions.
 */
#include <x86_64/machine.h>

#define PIT_HZ 1193182UL
#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_B 0x61
#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20

static uint64_t tsc_mhz = 1000; /* until calibrated */

static void
pic_init(void)
{
	outb(PIC1_CMD, 0x11); /* ICW1: edge, cascade, ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, T_IRQ0); /* ICW2: vector base */
	outb(PIC2_DATA, T_IRQ0 + 8);
	outb(PIC1_DATA, 0x04); /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 0x02);
	outb(PIC1_DATA, 0x01); /* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	outb(PIC1_DATA, 0xfe); /* only IRQ 0 */
	outb(PIC2_DATA, 0xff);
}

static void
tsc_calibrate(void)
{
	const uint64_t count = PIT_HZ / 200; /* 5 ms */
	uint64_t t0, t1, hz;

	outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01); /* gate on, no speaker */
	outb(PIT_CMD, 0xb0);                        /* ch 2, lo/hi, mode 0 */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	t0 = rdtsc();
	while ((inb(PORT_B) & 0x20) == 0)
		continue;
	t1 = rdtsc();
	hz = (t1 - t0) * PIT_HZ / count;
	tsc_mhz = (hz + 500000) / 1000000;
	if (tsc_mhz == 0)
		tsc_mhz = 1;
}

/*
 * Routine:	x86_clock_init
 * Purpose:	Calibrate the TSC, remap the PICs and start the periodic
 *		timer.
 * Conditions:	Boot, interrupts off.
 * Returns:	Nothing.
 */
void
x86_clock_init(void)
{
	uint16_t div = (uint16_t)(PIT_HZ / X86_HZ);

	tsc_calibrate();
	pic_init();
	outb(PIT_CMD, 0x34); /* ch 0, lo/hi, mode 2 (rate generator) */
	outb(PIT_CH0, div & 0xff);
	outb(PIT_CH0, div >> 8);
	if (x86_verbose)
		x86_printf(
		    "clock: TSC %lu MHz, timer %d Hz\n", tsc_mhz, X86_HZ);
}

/*
 * Routine:	md_absolute_time
 * Purpose:	Nanoseconds since an arbitrary origin, from the TSC.
 * Conditions:	Any.
 * Returns:	The time.
 */
uint64_t
md_absolute_time(void)
{
	uint64_t t = rdtsc();

	return (t / tsc_mhz) * 1000 + (t % tsc_mhz) * 1000 / tsc_mhz;
}

/*
 * Routine:	x86_timer_tick
 * Purpose:	IRQ 0: acknowledge it and do the scheduler's tick.
 * Conditions:	Interrupt context, interrupts off.
 * Returns:	Nothing.
 */
void
x86_timer_tick(const struct x86_saved_state *frame)
{
	outb(PIC1_CMD, PIC_EOI);
	x86_sched_tick(md_absolute_time());
}

/*
 * Routine:	x86_irq_other
 * Purpose:	Any other PIC interrupt (spurious or unexpected): acknowledge.
 * Conditions:	Interrupt context.
 * Returns:	Nothing.
 */
void x86_irq_other(int irq);

void
x86_irq_other(int irq)
{
	if (irq == 7 || irq == 15)
		return; /* spurious: no EOI */
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}
