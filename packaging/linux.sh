#!/usr/bin/env bash
# Linux: the app image, the .deb, and the .rpm where rpmbuild exists, from target/keyport.jar with
# jlink + jpackage. Run through Maven, which builds the jar first and passes the version and JDK:
#   mvn -Ppackage package                              # app image + .deb (+ .rpm)
#   mvn -Ppackage package -Dpackaging.types=app-image  # the app image alone (CI)
#   mvn -Ppackage package -Dpackaging.jdk=/path/to/jdk  # this JDK's runtime and no other
# Directly: KEYPORT_VERSION=0.1.0 JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 packaging/linux.sh [types...]
# (types: app-image deb rpm; default all three) or packaging/linux.sh --check-modules.
# Output: target/packaging/Keyport/ (the app image, bin/Keyport) and target/packaging/*.deb, *.rpm.
# The runtime: the newest JDK 24+ on the machine, with an AOT cache; without one, JAVA_HOME's JDK
# with an AppCDS archive (choose_runtime_jdk in common.sh; the first lines of the output say which).
# The training run for the archive shows the window: with no $DISPLAY it uses xvfb-run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ "${1:-}" = "--check-modules" ]; then
  check_modules
  exit 0
fi
choose_runtime_jdk
log_runtime_choice
types=("$@")
if [ ${#types[@]} -eq 0 ] || [ "${types[*]}" = "all" ]; then
  types=(app-image deb rpm)
fi
wants() { [[ " ${types[*]} " == *" $1 "* ]]; }

# Where the .deb and .rpm install (jpackage's default for package name keyport): /opt/keyport.
package_name=keyport
install_dir=/opt/$package_name

display=()
if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null || die "no \$DISPLAY and no xvfb-run for the training run (apt-get install xvfb xauth)"
  display=(xvfb-run -a -s "-screen 0 1280x800x24")
fi

# Puts packaging/linux/Keyport.sh, with the desktop's JVM options filled in, in place of jpackage's
# launcher in image $1 (the script says why), and the runtime's java beside it under the name Keyport.
# jpackage's launcher configuration (lib/app/Keyport.cfg) goes: nothing reads it any more.
use_own_launcher() {
  local image=$1 quoted=() flag
  for flag in "${desktop_jvm_flags[@]}" "${runtime_jvm_flags[@]}"; do
    [[ $flag != *"'"* ]] || die "a JVM option with a single quote cannot go into the launcher: $flag"
    quoted+=("'$flag'")
  done
  sed "s|JVM_OPTIONS|${quoted[*]}|" "$root/packaging/linux/Keyport.sh" > "$image/bin/Keyport"
  chmod 755 "$image/bin/Keyport"
  ln -s java "$image/lib/runtime/bin/Keyport"
  rm -f "$image/lib/app/Keyport.cfg"
}

rm -rf "$out"
mkdir -p "$out"
prepare_input
# A JDK 24+ found on the machine whose jlink cannot link (no jmods, and a run-time image not built
# for linking): the runtime of the JDK running Maven, with AppCDS, as before.
if ! (make_runtime); then
  [ "$archive_kind" = aot ] && [ -z "${KEYPORT_PACKAGING_JDK:-}" ] || die "jlink failed ($jdk)"
  log "WARNING: jlink of $jdk failed: falling back to JAVA_HOME's JDK"
  jdk=$JAVA_HOME
  use_runtime_of "$(jdk_feature "$jdk")"
  log_runtime_choice
  make_runtime
fi

# The app image: target/packaging/Keyport, runnable in place (bin/Keyport).
"$jdk/bin/jpackage" --type app-image --dest "$out" "${common_jpackage_options[@]}" \
  --icon "$root/icons/keyport-256.png"
image=$out/Keyport
use_own_launcher "$image"
train_archive "$image/lib/runtime/bin/java" "$image/lib/app/keyport.jar" "$image/lib/app/$archive_name" \
  "$image/lib/app/$archive_name" "${display[@]}"
log "app image: $image (start it with $image/bin/Keyport)"

# The packages install the image at /opt/keyport. JDK 17 ties an AppCDS archive to the jar's
# absolute path, size and modification time (an AOT cache of JDK 24+ to the jar's size and time,
# and to the runtime), so the .deb gets its own archive: jpackage builds the
# package, then the training run sees its files (extracted with the times dpkg will give them)
# mounted at /opt/keyport in a private mount namespace (nothing on this machine changes), and the
# archive joins the package. The .rpm goes without an archive and starts on the runtime's base CDS
# archive.
installers=()
wants deb && command -v dpkg-deb >/dev/null && installers+=(deb)
wants rpm && command -v rpmbuild >/dev/null && installers+=(rpm)
wants deb && ! command -v dpkg-deb >/dev/null && log "no dpkg-deb here: no .deb"
wants rpm && ! command -v rpmbuild >/dev/null && log "no rpmbuild here: no .rpm"
[ ${#installers[@]} -gt 0 ] || exit 0

# Sets at_install_dir to a command prefix that shows folder $1 at /opt/keyport to the command that
# follows it (a tmpfs over /opt inside the namespace, so /opt/keyport can be made without touching
# the real /opt).
show_at_install_dir() {
  at_install_dir=(unshare --mount --propagation private)
  [ "$(id -u)" -eq 0 ] || at_install_dir+=(--map-root-user)
  at_install_dir+=(sh -c 'mount -t tmpfs keyport-staging /opt && mkdir /opt/keyport &&
    mount --bind "$0" /opt/keyport && exec "$@"' "$1")
}
cds_for_deb=yes
show_at_install_dir "$out"
if ! "${at_install_dir[@]}" true 2>/dev/null; then
  log "WARNING: cannot make a private mount namespace here (unshare): the .deb starts without the $archive_name archive"
  cds_for_deb=no
fi

staged=$out/staged/Keyport
rm -rf "$out/staged"
mkdir -p "$out/staged"
cp -a "$image" "$staged"
# The image's archive is trained for the image's own path: the packages start without it (the .deb
# gets one of its own below), and the launcher then leaves the option out.
rm -f "$staged/lib/app/$archive_name"

# The menu entry: jpackage's .desktop template plus StartupWMClass (the WM_CLASS JavaFX gives the
# window: the Application class), so docks group the window under this entry; jpackage fills in
# the launcher and icon paths. jpackage looks for it as <app name>.desktop in --resource-dir.
resources=$out/resources
mkdir -p "$resources"
cp "$root/packaging/linux/keyport.desktop" "$resources/Keyport.desktop"
# The .deb's maintainer scripts: jpackage's, but a machine with no desktop menu system (a server,
# a container) still installs and removes the package; the menu entry is then simply skipped.
cp "$root/packaging/linux/postinst" "$root/packaging/linux/prerm" "$resources/"
# prerm needs jpackage's shell helpers, which its template names UTILITY_SCRIPTS up to JDK 17 and
# COMMON_SCRIPTS plus DESKTOP_SCRIPTS in later ones; a name jpackage does not fill in stays a bare
# word, which fails the package's removal. Use the names of the JDK that packages.
templates=$(mktemp -d)
"$jdk/bin/jimage" extract --dir "$templates" --include 'regex:.*/resources/template\.prerm' \
  "$jdk/lib/modules"
if ! grep -qx 'UTILITY_SCRIPTS' "$templates"/jdk.jpackage/jdk/jpackage/internal/resources/template.prerm; then
  sed -i 's/^UTILITY_SCRIPTS$/COMMON_SCRIPTS\nDESKTOP_SCRIPTS/' "$resources/prerm"
fi
rm -rf "$templates"

# --linux-app-release 1: the package revision jpackage 17 gives by default (keyport_0.1.0-1_amd64.deb)
# and jpackage 25 leaves out.
package() {
  "$jdk/bin/jpackage" --type "$1" --dest "$out" \
    --app-image "$staged" \
    --name Keyport \
    --app-version "$app_version" \
    --linux-app-release 1 \
    --vendor "$vendor" \
    --description "$description" \
    --copyright "$copyright" \
    --icon "$root/icons/keyport-256.png" \
    --resource-dir "$resources" \
    --linux-package-name "$package_name" \
    --linux-menu-group "Development;" \
    --linux-app-category devel \
    --linux-shortcut
}

if [[ " ${installers[*]} " == *" deb "* ]]; then
  rm -f "$out"/*.deb
  if [ "$cds_for_deb" = yes ]; then
    # Uncompressed: it is unpacked again below, and compressed once, at the end.
    DPKG_DEB_COMPRESSOR_TYPE=none package deb
    deb=$(ls "$out"/*.deb)
    tree=$out/deb-tree
    rm -rf "$tree"
    dpkg-deb --raw-extract "$deb" "$tree"
    show_at_install_dir "$tree$install_dir"
    train_archive "$install_dir/lib/runtime/bin/java" "$install_dir/lib/app/keyport.jar" \
      "$install_dir/lib/app/$archive_name" "$tree$install_dir/lib/app/$archive_name" \
      "${display[@]}" "${at_install_dir[@]}"
    size=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
    sed -i "s/^Installed-Size: .*/Installed-Size: $size/" "$tree/DEBIAN/control"
    dpkg-deb --root-owner-group -Zxz --build "$tree" "$deb" >/dev/null
    rm -rf "$tree"
  else
    package deb
  fi
fi
if [[ " ${installers[*]} " == *" rpm "* ]]; then
  package rpm
fi
rm -rf "$out/staged"
log "packages: $(cd "$out" && ls -1 ./*.deb ./*.rpm 2>/dev/null | tr '\n' ' ')(in $out)"
