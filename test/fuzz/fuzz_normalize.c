/*
 * fuzz_normalize.c — libFuzzer harness for the gate's normaliser and matcher
 * (src/normalize.c), which is linked alone: no backend. Each input is read as
 * four fields separated by NUL bytes (key, name, formula, data source), as the
 * gate reads a proposal. Memory comes from an arena freed after every input,
 * so leaks of the core would not hide and the sanitizers see every access.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"

typedef struct Block
{
	struct Block *next;
	char		data[];
} Block;

static Block *arena = NULL;

static void *
arena_alloc(size_t size, void *arg)
{
	Block	   *b = malloc(sizeof(Block) + size);

	(void) arg;
	if (b == NULL)
		abort();
	b->next = arena;
	arena = b;
	return b->data;
}

static void
arena_free(void)
{
	while (arena)
	{
		Block	   *n = arena->next;

		free(arena);
		arena = n;
	}
}

/* A small vocabulary with every category, pairs and pieces. */
static const struct
{
	const char *key;
	int			cat;
}			dict[] = {
	{"token", AV_CAT_ACTIVITY}, {"prompt", AV_CAT_ACTIVITY}, {"login", AV_CAT_ACTIVITY},
	{"api call", AV_CAT_ACTIVITY}, {"chat session", AV_CAT_ACTIVITY}, {"ai tool", AV_CAT_ACTIVITY},
	{"leaderboard", AV_CAT_RANK}, {"rank", AV_CAT_RANK}, {"cost", AV_CAT_COST},
	{"task completion", AV_CAT_VALUE}, {"completion rate", AV_CAT_VALUE},
	{"time saved", AV_CAT_VALUE}, {"baseline", AV_CAT_VALUE},
	{"api", AV_CAT_PIECE}, {"call", AV_CAT_PIECE}, {"chat", AV_CAT_PIECE},
	{"session", AV_CAT_PIECE}, {"count", AV_CAT_PIECE}, {"per", AV_CAT_PIECE},
	{"task", AV_CAT_PIECE}, {"completion", AV_CAT_PIECE}, {"rate", AV_CAT_PIECE},
	{"time", AV_CAT_PIECE}, {"saved", AV_CAT_PIECE}, {"ai", AV_CAT_PIECE}, {"tool", AV_CAT_PIECE},
	{NULL, 0}
};

static int
lookup(void *ctx, const char *key, int *category)
{
	int			i;

	(void) ctx;
	if (strlen(key) >= AV_NZ_MAXWORD * 2 + 2)
		abort();				/* the core promised bounded keys */
	for (i = 0; dict[i].key; i++)
		if (strcmp(dict[i].key, key) == 0)
		{
			*category = dict[i].cat;
			return i;
		}
	return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	AvNzAlloc	al = {arena_alloc, NULL};
	AvHits		hits = {0, 0, NULL};
	size_t		start = 0;
	int			field = 0;
	size_t		i;

	for (i = 0; i <= size; i++)
	{
		if (i < size && data[i] != 0)
			continue;
		{
			AvWordList	wl;
			int			w;
			int			f;

			if (av_nz_words((const char *) data + start, i - start, &al, &wl))
			{
				for (w = 0; w < wl.n; w++)
					for (f = 0; f < wl.w[w].nforms; f++)
					{
						const char *s = wl.w[w].forms[f];

						if (strlen(s) >= AV_NZ_MAXWORD)
							abort();	/* words are bounded */
					}
				av_nz_match(&wl, field % 4, lookup, NULL, &al, &hits);
			}
			(void) av_nz_is_placeholder((const char *) data + start, i - start, &al);
		}
		start = i + 1;
		field++;
	}
	av_nz_cover(&hits);
	for (i = 0; i < (size_t) hits.n; i++)
		if (hits.h[i].nwords < 1 || hits.h[i].nwords > 2 || hits.h[i].field < 0 || hits.h[i].field > 3)
			abort();
	arena_free();
	return 0;
}
