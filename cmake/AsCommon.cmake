# Project-wide compile settings and helpers shared by every module.

# as_module(NAME SOURCES ... [DEPS ...]) — a static library `as_NAME` with the project's warnings.
function(as_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(as_${name} STATIC ${ARG_SOURCES})
  target_include_directories(as_${name} PUBLIC "${PROJECT_SOURCE_DIR}")
  target_link_libraries(as_${name} PUBLIC ${ARG_DEPS})
  as_set_warnings(as_${name})
endfunction()

function(as_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-missing-field-initializers)
  target_compile_definitions(${target} PRIVATE QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII
                                               QT_NO_URL_CAST_FROM_STRING QT_NO_NARROWING_CONVERSIONS_IN_CONNECT)
endfunction()

# libtorrent's CMake target adds TORRENT_USE_ASSERTS in Debug configurations; Debian's library is built
# without it. Link through this wrapper so no configuration can pick up the mismatching define.
if(TARGET LibtorrentRasterbar::torrent-rasterbar AND NOT TARGET as_libtorrent)
  add_library(as_libtorrent INTERFACE)
  get_target_property(_lt_inc LibtorrentRasterbar::torrent-rasterbar INTERFACE_INCLUDE_DIRECTORIES)
  get_target_property(_lt_defs LibtorrentRasterbar::torrent-rasterbar INTERFACE_COMPILE_DEFINITIONS)
  get_target_property(_lt_libs LibtorrentRasterbar::torrent-rasterbar INTERFACE_LINK_LIBRARIES)
  set(_lt_clean_defs "")
  foreach(d IN LISTS _lt_defs)
    if(NOT d MATCHES "TORRENT_USE_ASSERTS|TORRENT_USE_INVARIANT_CHECKS|TORRENT_DEBUG")
      list(APPEND _lt_clean_defs "${d}")
    endif()
  endforeach()
  get_target_property(_lt_loc LibtorrentRasterbar::torrent-rasterbar IMPORTED_LOCATION_RELEASE)
  if(NOT _lt_loc)
    get_target_property(_lt_loc LibtorrentRasterbar::torrent-rasterbar IMPORTED_LOCATION_NONE)
  endif()
  if(NOT _lt_loc)
    get_target_property(_lt_loc LibtorrentRasterbar::torrent-rasterbar IMPORTED_LOCATION)
  endif()
  target_include_directories(as_libtorrent INTERFACE ${_lt_inc})
  target_compile_definitions(as_libtorrent INTERFACE ${_lt_clean_defs})
  target_link_libraries(as_libtorrent INTERFACE "${_lt_loc}" ${_lt_libs})
endif()

# as_add_test(NAME SOURCES ... LIBS ... [TIMEOUT s] [LABELS ...]) — a QtTest executable run by CTest.
function(as_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
  target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}")
  as_set_warnings(${name})
  add_test(NAME ${name} COMMAND ${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;AS_BUILD_DIR=${PROJECT_BINARY_DIR};AS_SOURCE_DIR=${PROJECT_SOURCE_DIR};${ARG_ENV}")
  if(ARG_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()

# A second ctest entry NAME_postgres running test NAME (declared in the same folder) with the DC's metadata on
# PostgreSQL: a throwaway cluster started by the test, one database per DC data folder
# (tests/server/PostgresServer.h, docs/dc-server.md "PostgreSQL").
function(as_add_postgres_variant name)
  get_test_property(${name} TIMEOUT timeout)
  get_test_property(${name} ENVIRONMENT environment)
  add_test(NAME ${name}_postgres COMMAND ${name})
  set_tests_properties(${name}_postgres PROPERTIES TIMEOUT ${timeout} LABELS "server;postgres"
    ENVIRONMENT "${environment};AS_TEST_DC_DB=postgresql")
endfunction()
