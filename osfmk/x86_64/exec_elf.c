/*
 * x86_64/exec_elf.c - load a static ELF64 program from the boot archive
 * into an address space and build its initial stack.
 *
 * Only ET_EXEC images for EM_X86_64 are accepted; each PT_LOAD segment is
 * mapped zero-filled at its page-rounded addresses and its file bytes are
 * copied in.  The stack (256 KiB, below USER_STACK_TOP) starts as the
 * System V x86_64 ABI wants it:
 *
 *	sp ->	argc
 *		argv[0] .. argv[argc - 1], NULL
 *		envp[0] .. envp[n - 1], NULL
 *		AT_PAGESZ, 4096, AT_NULL, 0
 *		... the strings ...
 *	USER_STACK_TOP
 */
#include <x86_64/machine.h>
#include <x86_64/md_x86.h>
#include <vm/vm_map.h>

#define ELF_EM_X86_64 62
#define ELF_ET_EXEC 2
#define ELF_PT_LOAD 1
#define ELF_PF_X 1
#define ELF_PF_W 2
#define USER_STACK_TOP 0x00007ff000000000UL
#define USER_STACK_SIZE (256UL * 1024)
#define EXEC_ARGS_MAX (64 * 1024)
#define EXEC_ARGV_MAX 256

#define E_NOENT 2
#define E_2BIG 7
#define E_NOEXEC 8
#define E_NOMEM 12

struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

static bool
elf_header_ok(const struct elf64_ehdr *eh, size_t size)
{
	if (size < sizeof(*eh))
		return false;
	if (eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' ||
	    eh->e_ident[2] != 'L' || eh->e_ident[3] != 'F')
		return false;
	if (eh->e_ident[4] != 2 || eh->e_ident[5] != 1) /* 64-bit, LE */
		return false;
	if (eh->e_type != ELF_ET_EXEC || eh->e_machine != ELF_EM_X86_64)
		return false;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) ||
	    eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr) >
		size)
		return false;
	return true;
}

static int
elf_load_segment(struct vm_map *map, const char *image, size_t size,
    const struct elf64_phdr *ph)
{
	uint64_t start = ph->p_vaddr & ~PAGE_MASK_X86;
	uint64_t end = ph->p_vaddr + ph->p_memsz;
	int prot = PMAP_PROT_READ;

	if (ph->p_filesz > ph->p_memsz || ph->p_offset + ph->p_filesz > size ||
	    end < start || end > USER_STACK_TOP - USER_STACK_SIZE)
		return E_NOEXEC;
	if (ph->p_flags & ELF_PF_W)
		prot |= PMAP_PROT_WRITE;
	if (ph->p_flags & ELF_PF_X)
		prot |= PMAP_PROT_EXEC;
	if (ph->p_memsz == 0)
		return 0;
	if (vm_map_allocate(map, &start, end - start, false, prot) !=
	    VM_KERN_SUCCESS)
		return E_NOMEM;
	if (vm_map_write(map, ph->p_vaddr, image + ph->p_offset,
		ph->p_filesz) != VM_KERN_SUCCESS)
		return E_NOEXEC;
	return 0;
}

static size_t
str_size(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n + 1;
}

static int
vec_count(const char *const v[], size_t *bytes)
{
	int n = 0;

	for (; v != NULL && v[n] != NULL && n < EXEC_ARGV_MAX; n++)
		*bytes += str_size(v[n]);
	return n;
}

/* Copy strings down from *top, storing their user addresses in ptrs. */
static int
stack_put_strings(struct vm_map *map, uint64_t *top, const char *const v[],
    int n, uint64_t *ptrs)
{
	int i;

	for (i = 0; i < n; i++) {
		size_t len = str_size(v[i]);

		*top -= len;
		if (vm_map_write(map, *top, v[i], len) != VM_KERN_SUCCESS)
			return E_NOMEM;
		ptrs[i] = *top;
	}
	ptrs[n] = 0;
	return 0;
}

static int
stack_build(struct vm_map *map, const char *const argv[],
    const char *const envp[], uint64_t *sp)
{
	size_t bytes = 0, nwords;
	int argc = vec_count(argv, &bytes), envc = vec_count(envp, &bytes);
	uint64_t top = USER_STACK_TOP, *words;
	int err;

	if (bytes > EXEC_ARGS_MAX)
		return E_2BIG;
	nwords = 1 + (size_t)argc + 1 + (size_t)envc + 1 + 4;
	words = md_kmem_alloc(nwords * 8);
	if (words == NULL)
		return E_NOMEM;
	words[0] = (uint64_t)argc;
	err = stack_put_strings(map, &top, argv, argc, &words[1]);
	if (err == 0)
		err =
		    stack_put_strings(map, &top, envp, envc, &words[2 + argc]);
	words[nwords - 4] = 6; /* AT_PAGESZ */
	words[nwords - 3] = PAGE_SIZE_X86;
	words[nwords - 2] = 0; /* AT_NULL */
	words[nwords - 1] = 0;
	top = (top - nwords * 8) & ~15UL;
	if (err == 0 && vm_map_write(map, top, words, nwords * 8) != 0)
		err = E_NOMEM;
	md_kmem_free(words, nwords * 8);
	*sp = top;
	return err;
}

/*
 * Routine:	md_exec_load
 * Purpose:	Load the boot-archive program at path into map (which should
 *		be empty), give it a stack with argv and envp, and tell
 *		where it starts.
 * Conditions:	Nothing held.  On failure the map may hold part of the
 *		image; the caller destroys it.
 * Returns:	0 with *pc and *sp set; ENOENT (2) no such file; ENOEXEC (8)
 *		not a static ELF64 x86_64 executable; ENOMEM (12) out of
 *		memory or the address range is taken; E2BIG (7) arguments
 *		over 64 KiB.
 */
int
md_exec_load(struct vm_map *map, const char *path, const char *const argv[],
    const char *const envp[], uint64_t *pc, uint64_t *sp)
{
	const void *image;
	const struct elf64_ehdr *eh;
	const struct elf64_phdr *ph;
	size_t size;
	uint64_t stack = USER_STACK_TOP - USER_STACK_SIZE;
	int i, err;

	if (!md_bootfile_lookup(path, &image, &size))
		return E_NOENT;
	eh = image;
	if (!elf_header_ok(eh, size))
		return E_NOEXEC;
	ph = (const struct elf64_phdr *)((const char *)image + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != ELF_PT_LOAD)
			continue;
		err = elf_load_segment(map, image, size, &ph[i]);
		if (err != 0)
			return err;
	}
	if (vm_map_allocate(map, &stack, USER_STACK_SIZE, false,
		PMAP_PROT_READ | PMAP_PROT_WRITE) != VM_KERN_SUCCESS)
		return E_NOMEM;
	*pc = eh->e_entry;
	return stack_build(map, argv, envp, sp);
}
