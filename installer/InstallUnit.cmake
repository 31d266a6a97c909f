# Run at install time (install(SCRIPT)): writes a systemd unit with the install prefix's bindir, so that
# `cmake --install --prefix P`, DESTDIR installs and CPack (prefix /usr) all get the right ExecStart.
# Inputs: AS_UNIT_TEMPLATE, AS_UNIT_DEST (relative to the prefix), AS_BINDIR (relative to the prefix).
file(READ "${AS_UNIT_TEMPLATE}" _unit)
string(REPLACE "@BINDIR@" "${CMAKE_INSTALL_PREFIX}/${AS_BINDIR}" _unit "${_unit}")
get_filename_component(_name "${AS_UNIT_TEMPLATE}" NAME_WE)
set(_dest "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${AS_UNIT_DEST}/${_name}.service")
message(STATUS "Installing: ${_dest}")
file(WRITE "${_dest}" "${_unit}")
list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${_dest}")
