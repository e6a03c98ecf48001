#!/bin/sh
# Keyport's launcher on Linux: bin/Keyport of the app image and of the packages, written by
# packaging/linux.sh in place of jpackage's. That one asks rpm and then dpkg which package owns it
# (rpm -qf, dpkg -S, dpkg -L) at every start, ~115 ms here before the JVM begins. This one runs the
# image's own runtime - its java, under the name Keyport, so the process is called Keyport - with
# the desktop's JVM options (packaging/desktop-jvm-options.txt, and on a JDK 24+ runtime the options
# it needs, filled in at JVM_OPTIONS) and, where the image has one, the archive trained for it: an
# AOT cache (keyport.aot, a JDK 24+ runtime) or an AppCDS archive (keyport.jsa, JDK 17). Only where
# the file exists: a missing archive named on the command line would turn class sharing off
# altogether, the runtime's base archive included.
image=$(readlink -f "$0") || exit 1
image=${image%/*/*}
app=$image/lib/app
if [ -f "$app/keyport.aot" ]; then
  set -- "-XX:AOTCache=$app/keyport.aot" -cp "$app/keyport.jar" io.keyport.Keyport "$@"
elif [ -f "$app/keyport.jsa" ]; then
  set -- "-XX:SharedArchiveFile=$app/keyport.jsa" -Xshare:auto -cp "$app/keyport.jar" io.keyport.Keyport "$@"
else
  set -- -cp "$app/keyport.jar" io.keyport.Keyport "$@"
fi
exec "$image/lib/runtime/bin/Keyport" JVM_OPTIONS "$@"
