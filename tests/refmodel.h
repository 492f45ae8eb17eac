/* refmodel.h - the reference model the differential tests compare against. */
#ifndef OWNLAB_REFMODEL_H
#define OWNLAB_REFMODEL_H
#include "ownership.h"

/* Speaks the designs' interface; needs about 2 MiB of storage. */
extern const own_strategy own_reference;

/* Is addr a free main-RAM page in the model (what any alloc may return)? */
int ref_is_free_ram(const own_table *t, uint32_t addr);
#endif
