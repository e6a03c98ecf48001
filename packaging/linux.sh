#!/usr/bin/env bash
# Linux: the app image, the .deb, and the .rpm where rpmbuild exists, from target/keyport.jar with
# jlink + jpackage. Run through Maven, which builds the jar first and passes the version and JDK:
#   mvn -Ppackage package                              # app image + .deb (+ .rpm)
#   mvn -Ppackage package -Dpackaging.types=app-image  # the app image alone (CI)
# Directly: KEYPORT_VERSION=0.1.0 JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 packaging/linux.sh [types...]
# (types: app-image deb rpm; default all three) or packaging/linux.sh --check-modules.
# Output: target/packaging/Keyport/ (the app image, bin/Keyport) and target/packaging/*.deb, *.rpm.
# The training run for the AppCDS archive shows the window: with no $DISPLAY it uses xvfb-run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ "${1:-}" = "--check-modules" ]; then
  check_modules
  exit 0
fi
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

rm -rf "$out"
mkdir -p "$out"
prepare_input
make_runtime

# The app image: target/packaging/Keyport, runnable in place (bin/Keyport).
"$jdk/bin/jpackage" --type app-image --dest "$out" "${common_jpackage_options[@]}" "${cds_java_options[@]}" \
  --icon "$root/icons/keyport-256.png"
image=$out/Keyport
train_cds "$image/lib/runtime/bin/java" "$image/lib/app/keyport.jar" "$image/lib/app/keyport.jsa" \
  "$image/lib/app/keyport.jsa" "${display[@]}"
log "app image: $image (start it with $image/bin/Keyport)"

# The packages install the image at /opt/keyport. JDK 17's AppCDS archive only serves the jar at
# the path it was trained with, so the packages get their own archive, trained with a copy of the
# image mounted at /opt/keyport in a private mount namespace (nothing on this machine changes).
installers=()
wants deb && command -v dpkg-deb >/dev/null && installers+=(deb)
wants rpm && command -v rpmbuild >/dev/null && installers+=(rpm)
wants deb && ! command -v dpkg-deb >/dev/null && log "no dpkg-deb here: no .deb"
wants rpm && ! command -v rpmbuild >/dev/null && log "no rpmbuild here: no .rpm"
[ ${#installers[@]} -gt 0 ] || exit 0

staged=$out/staged/Keyport
rm -rf "$out/staged"
mkdir -p "$out/staged"
cp -a "$image" "$staged"
at_install_dir=(unshare --mount --propagation private)
[ "$(id -u)" -eq 0 ] || at_install_dir+=(--map-root-user)
# Inside the namespace: a tmpfs over /opt (so /opt/keyport can be made without touching the real
# /opt), the staged image bound at /opt/keyport, then the command.
at_install_dir+=(sh -c 'mount -t tmpfs keyport-staging /opt && mkdir /opt/keyport &&
  mount --bind "$0" /opt/keyport && exec "$@"' "$staged")
if "${at_install_dir[@]}" true 2>/dev/null; then
  train_cds "$install_dir/lib/runtime/bin/java" "$install_dir/lib/app/keyport.jar" \
    "$install_dir/lib/app/keyport.jsa" "$staged/lib/app/keyport.jsa" "${display[@]}" "${at_install_dir[@]}"
else
  log "WARNING: cannot make a private mount namespace here (unshare): the packages start without the AppCDS archive"
  drop_cds_archive "$staged/lib/app"
fi

# The menu entry: jpackage's .desktop template plus StartupWMClass (so the dock groups the window
# under this entry) and Keywords; jpackage fills in the launcher and icon paths.
resources=$out/resources
mkdir -p "$resources"
cp "$root/packaging/linux/keyport.desktop" "$resources/$package_name-Keyport.desktop"

for type in "${installers[@]}"; do
  "$jdk/bin/jpackage" --type "$type" --dest "$out" \
    --app-image "$staged" \
    --name Keyport \
    --app-version "$app_version" \
    --vendor "$vendor" \
    --description "$description" \
    --copyright "$copyright" \
    --icon "$root/icons/keyport-256.png" \
    --resource-dir "$resources" \
    --linux-package-name "$package_name" \
    --linux-menu-group "Development;" \
    --linux-app-category devel \
    --linux-shortcut
done
rm -rf "$out/staged"
log "packages: $(cd "$out" && ls -1 ./*.deb ./*.rpm 2>/dev/null | tr '\n' ' ')(in $out)"
