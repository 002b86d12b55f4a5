# aivalue — PGXS build. The version lives only in aivalue.control.
EXTENSION   = aivalue
EXTVERSION := $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)
MODULE_big  = aivalue
OBJS        = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))
PG_CONFIG  ?= pg_config

# The install script is assembled from the ordered pieces in sql/install/.
INSTALL_PIECES = $(sort $(wildcard sql/install/*.sql))
DATA_built  = $(EXTENSION)--$(EXTVERSION).sql

# pg_regress: sql/<name>.sql against expected/<name>.out; "install" runs first.
REGRESS_ALL := $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS     = install $(filter-out install,$(REGRESS_ALL))
REGRESS_OPTS = --load-extension=plpgsql --encoding=UTF8 --no-locale
# Isolation specs: specs/<name>.spec against expected/<name>.out.
ISOLATION   = $(sort $(basename $(notdir $(wildcard specs/*.spec))))
ISOLATION_OPTS = --load-extension=plpgsql

PG_CPPFLAGS = -Isrc -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare
SHLIB_LINK  = -licuuc -licui18n
EXTRA_CLEAN = $(DATA_built) results/ output_iso/ regression.diffs regression.out tmp_check/

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(INSTALL_PIECES)
	cat $^ > $@

.PHONY: test demo bench lint
test:
	bash test/run-all.sh
demo:
	bash scripts/demo.sh
bench:
	bash bench/run.sh
lint:
	bash scripts/lint.sh
