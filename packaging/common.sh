# Sourced by linux.sh and macos.sh: what every OS does alike. Not run on its own.
#   KEYPORT_VERSION  the Maven project version (the pom's; Maven passes it)
#   JAVA_HOME        the JDK whose jlink and jpackage build the image (Maven passes its own);
#                    on Linux a JDK 24+ found on the machine takes its place (choose_runtime_jdk)
#   KEYPORT_PACKAGING_JDK  (Linux) this JDK and no other (Maven passes -Dpackaging.jdk)
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

# The feature release of the JDK in folder $1 (25 for 25.0.3), from its release file; nothing
# when it has none.
jdk_feature() {
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1
}

# The kind of archive a runtime of JDK $1 gets: JDK 24 and newer an AOT cache (JEP 483, with JEP
# 515's method profiles on 25: classes loaded and linked ahead), older ones an AppCDS archive.
# Sets archive_kind (aot or cds), archive_name (its file next to the jar) and runtime_jvm_flags:
# what that runtime needs beside the desktop's options. On 24+ JavaFX, on the class path, would
# print warnings at every start for its native libraries (System::load, JEP 472) and Marlin's
# sun.misc.Unsafe memory calls (JEP 498); JDK 17 knows neither option.
# ArchiveRelocationMode=0: map the class archives (the AOT cache and the runtime's base CDS archive)
# at the address they were written for, as JDK 17 does by default, and relocate them only if that
# address is taken. JDK 20+ relocates them at every start (JDK-8294323, address-space layout
# randomization of the archived metadata): for the 64 MB AOT cache that took 90-130 ms on the main
# thread before main() (-Xlog:startuptime's "Genesis"), 4-8 ms without. Still a diagnostic option
# on JDK 25, hence the unlock.
use_runtime_of() {
  if [ "${1:-0}" -ge 24 ]; then
    archive_kind=aot
    archive_name=keyport.aot
    runtime_jvm_flags=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
      -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0)
  else
    archive_kind=cds
    archive_name=keyport.jsa
    runtime_jvm_flags=()
  fi
}
# AppCDS unless choose_runtime_jdk (Linux) picks a JDK 24+: macOS and Windows keep JAVA_HOME's
# runtime with an AppCDS archive.
use_runtime_of 0

# Linux: the JDK whose jlink makes the runtime (and whose jpackage wraps it): KEYPORT_PACKAGING_JDK
# (-Dpackaging.jdk) when set; else the newest JDK 24+ among the JDKs that environment variables
# name (JAVA_HOME, JAVA_HOME_25_X64, JDK25_HOME...) and the usual install folders; else the JDK
# running Maven (JAVA_HOME), with AppCDS. Says which. A JDK 24+ without jmods must be one whose
# jlink links from its own run-time image (JEP 493, as Temurin's are).
choose_runtime_jdk() {
  local chosen="" best=0 candidate feature name
  if [ -n "${KEYPORT_PACKAGING_JDK:-}" ]; then
    chosen=$KEYPORT_PACKAGING_JDK
    [ -x "$chosen/bin/jlink" ] && [ -x "$chosen/bin/jpackage" ] ||
      die "-Dpackaging.jdk=$chosen has no bin/jlink and bin/jpackage: name a full JDK 17+"
  else
    local candidates=()
    for name in $(compgen -e); do
      [[ $name =~ ^(JAVA|JDK)[A-Z0-9_]*HOME[A-Z0-9_]*$ ]] && candidates+=("${!name}")
    done
    candidates+=(/usr/lib/jvm/* /usr/java/* /opt/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*)
    for candidate in "${candidates[@]}"; do
      [ -x "$candidate/bin/jlink" ] && [ -x "$candidate/bin/jpackage" ] || continue
      feature=$(jdk_feature "$candidate")
      if [ "${feature:-0}" -ge 24 ] && [ "$feature" -gt "$best" ]; then
        best=$feature
        chosen=$candidate
      fi
    done
  fi
  if [ -n "$chosen" ]; then
    jdk=$(readlink -f "$chosen")
  fi
  use_runtime_of "$(jdk_feature "$jdk")"
}

# Says which runtime and archive the packages get (the line CI logs and people look for).
log_runtime_choice() {
  local feature what
  feature=$(jdk_feature "$jdk")
  what=$([ "$archive_kind" = aot ] && echo "AOT cache" || echo "AppCDS")
  log "runtime JDK ${feature:-?} with $what ($jdk, $(sed -n 's/^IMPLEMENTOR_VERSION="\(.*\)"/\1/p;s/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$jdk/release" 2>/dev/null | paste -sd' ' -))"
  if [ "$archive_kind" = cds ] && [ -z "${KEYPORT_PACKAGING_JDK:-}" ]; then
    log "(no JDK 24+ found: -Dpackaging.jdk=<folder> names one)"
  fi
}

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

# The archive that starts the app faster ($archive_kind, see use_runtime_of): one training run of
# the app (--measure-startup: start, show the app list, exit) on the image's own runtime and the
# image's own jar, with the options the launcher passes, in throw-away user folders that hold a few
# pages of sample apps (io.keyport.launch.TrainingData, run before and not recorded). An AppCDS
# archive is dumped at the run's exit (-XX:ArchiveClassesAtExit); an AOT cache is made from what the
# run recorded (-XX:AOTMode=record, then -XX:AOTMode=create: the two steps JDK 24 and 25 both know;
# 25's one-step -XX:AOTCacheOutput does the same). Either is tied to that JVM and that jar (JDK 17
# also to the jar's absolute path). $1: the runtime's bin/java; $2: the jar, at the path the
# launcher will give it; $3: the archive to write; $4: where that archive is seen from here (the
# same path unless the run is in a mount namespace). Any extra arguments wrap the commands (a
# display, a mount namespace).
train_archive() {
  local java=$1 app_jar=$2 archive=$3 archive_here=$4
  shift 4
  local home attempt log=$out/training.log recording=()
  if [ "$archive_kind" = aot ]; then
    recording=(-XX:AOTMode=record -XX:AOTConfiguration="$archive.config" -Xlog:aot=off -Xlog:cds=off)
  else
    recording=(-XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  for attempt in 1 2; do
    home=$(mktemp -d "${TMPDIR:-/tmp}/keyport-training.XXXXXX")
    rm -f "$archive_here" "$archive_here.config"
    log "training run for the $([ "$archive_kind" = aot ] && echo "AOT cache" || echo "AppCDS archive") ($archive)"
    env HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" APPDATA="$home/appdata" \
      "$@" "$java" "${desktop_jvm_flags[@]}" "${runtime_jvm_flags[@]}" -Duser.home="$home" \
        -cp "$app_jar" io.keyport.launch.TrainingData > "$log" 2>&1 || true
    env HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" APPDATA="$home/appdata" \
      "$@" "$java" "${desktop_jvm_flags[@]}" "${runtime_jvm_flags[@]}" "${recording[@]}" \
        -Duser.home="$home" -cp "$app_jar" "$main_class" --measure-startup >> "$log" 2>&1 || true
    if [ "$archive_kind" = aot ] && [ -s "$archive_here.config" ]; then
      # Assembling the cache runs no app code: the same JVM, options and class path, nothing shown.
      "$@" "$java" "${desktop_jvm_flags[@]}" "${runtime_jvm_flags[@]}" -XX:AOTMode=create \
        -XX:AOTConfiguration="$archive.config" -XX:AOTCache="$archive" -Xlog:aot=off -Xlog:cds=off \
        -Duser.home="$home" -cp "$app_jar" "$main_class" >> "$log" 2>&1 || true
      rm -f "$archive_here.config"
    fi
    rm -rf "$home"
    if grep -q '^training data' "$log" && grep -E '^startup-ms' "$log" && [ -s "$archive_here" ]; then
      log "$([ "$archive_kind" = aot ] && echo "AOT cache" || echo "AppCDS archive"): $archive ($(du -h "$archive_here" | cut -f1))"
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

# jpackage's input: the jar, and beside it the jar's own JavaFX native libraries (Linux's lib*.so,
# macOS's lib*.dylib), where JavaFX looks first when its classes come from a jar on the class path.
# Not found there, it extracts each from the jar into ~/.openjfx/cache and reads both copies through
# to compare them, at every start, on the way to the first frame: loading JavaFX's six libraries
# took 128-155 ms of CPU that way in a cold JVM here, 74-97 ms from beside the jar.
prepare_input() {
  rm -rf "$out/input"
  mkdir -p "$out/input"
  cp "$jar" "$out/input/keyport.jar"
  local natives
  natives=$("$JAVA_HOME/bin/jar" tf "$jar" | grep -E '^lib[^/]*\.(so|dylib)$' || true)
  [ -n "$natives" ] || die "$jar holds no JavaFX native library (lib*.so, lib*.dylib) at its root"
  # shellcheck disable=SC2086 # one name a line, none with a space
  (cd "$out/input" && "$JAVA_HOME/bin/jar" xf keyport.jar $natives)
}
