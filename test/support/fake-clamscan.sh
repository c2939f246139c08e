#!/bin/sh
# Stand-in for ClamAV's clamscan in tests, speaking its command-line protocol:
# `clamscan --no-summary --stdout -- FILE`; exit 0 = clean, 1 = virus found ("FILE: Signature FOUND"), 2 = error.
# It "detects" the EICAR test string; a file containing SCANNER-BROKEN makes it fail like a missing database.
for last; do :; done
if [ ! -r "$last" ]; then echo "ERROR: Can't access file $last" >&2; exit 2; fi
if grep -q 'SCANNER-BROKEN' "$last"; then echo "LibClamAV Error: cl_load(): No such file or directory" >&2; exit 2; fi
if grep -q 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE' "$last"; then echo "$last: Win.Test.EICAR_HDB-1 FOUND"; exit 1; fi
echo "$last: OK"
exit 0
