# Sourced by linux.sh and macos.sh: what every OS does alike. Not run on its own.
#   KEYPORT_VERSION  the Maven project version (the pom's; Maven passes it)
#   JAVA_HOME        the JDK whose jlink and jpackage build the image (Maven passes its own)
# Everything lands under target/packaging/.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jdk=${JAVA_HOME:?set JAVA_HOME to a JDK 17+ (Maven passes its own)}
version=${KEYPORT_VERSION:?set KEYPORT_VERSION (Maven passes the project version)}
# jpackage wants 1 to 3 numbers on every OS (an MSI's ProductVersion, a bundle's CFBundleVersion):
# 0.1.0-SNAPSHOT is packaged as 0.1.0.
app_version=${version%%-*}
jar=$root/target/keyport.jar
out=$root/target/packaging
main_class=io.keyport.Keyport
description="Developer credentials on the desktop: apps, client secrets and user tokens."
vendor="Keyport"
copyright="Copyright (c) the Keyport authors"

log() { echo "packaging: $*"; }
die() { echo "packaging: $*" >&2; exit 1; }

[ -f "$jar" ] || die "$jar is missing: run it through Maven (mvn -Ppackage package)"
[ -x "$jdk/bin/jlink" ] && [ -x "$jdk/bin/jpackage" ] || die "$jdk has no jlink/jpackage: use a full JDK 17+"

# The modules of packaging/modules.txt, comma separated.
modules() {
  grep -v -e '^#' -e '^[[:space:]]*$' "$root/packaging/modules.txt" | paste -sd, -
}

# Warns when jdeps finds a module the list misses (slow: tens of seconds; run it after changing dependencies).
check_modules() {
  local found missing=()
  found=$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$jar")
  for m in ${found//,/ }; do
    grep -qx "$m" "$root/packaging/modules.txt" || missing+=("$m")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    die "packaging/modules.txt misses ${missing[*]} (jdeps: $found)"
  fi
  log "packaging/modules.txt covers what jdeps finds: $found"
}

# The runtime image: only Keyport's modules, with the JDK's base CDS archive regenerated for them
# (--generate-cds-archive, lib/server/classes.jsa; jpackage's own jlink run would leave it out).
# bin/java stays: the training run below uses it.
make_runtime() {
  rm -rf "$out/runtime"
  "$jdk/bin/jlink" \
    --add-modules "$(modules)" \
    --strip-debug --no-header-files --no-man-pages \
    --generate-cds-archive \
    --output "$out/runtime"
  [ -f "$out/runtime/lib/server/classes.jsa" ] || die "jlink wrote no base CDS archive (lib/server/classes.jsa)"
  log "runtime image: $out/runtime ($(du -sh "$out/runtime" | cut -f1))"
}

# The AppCDS archive: one training run of the app (--measure-startup: start, show the app list,
# exit) with -XX:ArchiveClassesAtExit, on the image's own runtime and the image's own jar, in
# throw-away user folders. $1: the runtime's bin/java; $2: the jar, at the path the launcher will
# give it (JDK 17 ties the archive to that path); $3: the archive to write; $4: where that archive
# is seen from here (the same path unless the run is in a mount namespace). Any extra arguments
# wrap the command (a display, a mount namespace).
train_cds() {
  local java=$1 app_jar=$2 archive=$3 archive_here=$4
  shift 4
  local home attempt log=$out/training.log
  for attempt in 1 2; do
    home=$(mktemp -d "${TMPDIR:-/tmp}/keyport-training.XXXXXX")
    rm -f "$archive_here"
    log "training run for the AppCDS archive ($archive)"
    env HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" APPDATA="$home/appdata" \
      "$@" "$java" "${desktop_jvm_flags[@]}" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off \
        -Duser.home="$home" -cp "$app_jar" "$main_class" --measure-startup > "$log" 2>&1 || true
    rm -rf "$home"
    if grep -E '^startup-ms' "$log" && [ -s "$archive_here" ]; then
      log "AppCDS archive: $archive ($(du -h "$archive_here" | cut -f1))"
      return 0
    fi
    # Once more: the embedded server can lose its port to another process starting at that moment.
    log "the training run did not show the app list (attempt $attempt); its output:"
    tail -n 20 "$log" >&2
  done
  die "the training runs did not show the app list (see $log)"
}

# The desktop's JVM options (packaging/desktop-jvm-options.txt, which says why): every launcher
# passes them, and the training run uses them too.
desktop_jvm_flags=()
while IFS= read -r line; do
  line=${line%%#*}
  line=$(echo "$line" | xargs)
  [ -n "$line" ] && desktop_jvm_flags+=("$line")
done < "$root/packaging/desktop-jvm-options.txt"
[ ${#desktop_jvm_flags[@]} -gt 0 ] || die "packaging/desktop-jvm-options.txt names no option"

# jpackage options every OS shares.
common_jpackage_options=(
  --name Keyport
  --app-version "$app_version"
  --vendor "$vendor"
  --description "$description"
  --copyright "$copyright"
  --input "$out/input"
  --main-jar keyport.jar
  --main-class "$main_class"
  --runtime-image "$out/runtime"
)
for flag in "${desktop_jvm_flags[@]}"; do
  common_jpackage_options+=(--java-options "$flag")
done
# jpackage's launcher (macOS) uses the AppCDS archive next to the jar ($APPDIR: the folder of
# keyport.jar in the installed app, expanded by the launcher). Only for an image whose archive is
# trained where it runs: a missing archive turns off class sharing altogether, base archive
# included. (Linux has a launcher of its own, which names the archive only where there is one.)
cds_java_options=(
  --java-options '-XX:SharedArchiveFile=$APPDIR/keyport.jsa'
  --java-options '-Xshare:auto'
)

prepare_input() {
  rm -rf "$out/input"
  mkdir -p "$out/input"
  cp "$jar" "$out/input/keyport.jar"
}
