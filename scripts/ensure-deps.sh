# Sourced by the README's two commands: install the Debian packages the build
# and the tests need, only when something is missing (CI runs as root).
need=()
[ -f /usr/include/postgresql/15/server/postgres.h ] || need+=(postgresql-server-dev-15)
[ -f /usr/share/postgresql/15/extension/pgtap.control ] || need+=(postgresql-15-pgtap)
command -v pg_prove >/dev/null 2>&1 || need+=(libtap-parser-sourcehandler-pgtap-perl)
[ -f /usr/include/unicode/uspoof.h ] || need+=(libicu-dev)
command -v pg_virtualenv >/dev/null 2>&1 || need+=(postgresql-common)
[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15)
command -v make >/dev/null 2>&1 || need+=(make)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
command -v clang-14 >/dev/null 2>&1 || need+=(clang-14)
command -v cppcheck >/dev/null 2>&1 || need+=(cppcheck)
command -v pgbench >/dev/null 2>&1 || [ -x /usr/lib/postgresql/15/bin/pgbench ] || need+=(postgresql-contrib)
ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || need+=(libclang-rt-14-dev)
if [ ${#need[@]} -gt 0 ]; then
    echo "== installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null || {
        echo "could not install ${need[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi
