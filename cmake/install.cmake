# cmake --install: kmembench like a kernel tool (README, "Installing").
#   bin/kmembench                         the runner
#   bin/kmembench-vm-run, bin/kmembench-compare-kernels
#                                         wrappers of the installed scripts
#   share/kmembench/bench/                the suites
#   share/kmembench/driver/               the module source with dkms.conf
#   share/kmembench/scripts/, ci/         vm-run and compare-kernels with what
#                                         they call (kernels, build-module,
#                                         lib.sh, guest/init)
#   share/man/man1/kmembench*.1           from the --help texts (help2man)
#   share/bash-completion/completions/kmembench
# The scripts find each other and the suites relative to themselves, as in
# the source tree; the runner is PREFIX/bin/kmembench. Not installed:
# scripts/setup, run-suite and test (they work on a clone), and
# build-kernel and bisect-kernel (kernels from source: use a clone).
include(GNUInstallDirs)
set(KMB_SHARE ${CMAKE_INSTALL_DATADIR}/kmembench)

install(TARGETS kmembench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/bench/ DESTINATION ${KMB_SHARE}/bench
  FILES_MATCHING PATTERN "*.json" PATTERN "README.md")
install(DIRECTORY ${CMAKE_SOURCE_DIR}/driver/ DESTINATION ${KMB_SHARE}/driver
  FILES_MATCHING PATTERN "*.c" PATTERN "*.h" PATTERN "Kbuild" PATTERN "Makefile")
configure_file(${CMAKE_SOURCE_DIR}/dist/dkms.conf.in ${CMAKE_BINARY_DIR}/dkms.conf @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/dkms.conf DESTINATION ${KMB_SHARE}/driver)

install(PROGRAMS ${CMAKE_SOURCE_DIR}/scripts/vm-run ${CMAKE_SOURCE_DIR}/scripts/kernels
  ${CMAKE_SOURCE_DIR}/scripts/build-module DESTINATION ${KMB_SHARE}/scripts)
install(FILES ${CMAKE_SOURCE_DIR}/scripts/lib.sh DESTINATION ${KMB_SHARE}/scripts)
install(PROGRAMS ${CMAKE_SOURCE_DIR}/scripts/guest/init DESTINATION ${KMB_SHARE}/scripts/guest)
install(PROGRAMS ${CMAKE_SOURCE_DIR}/ci/compare-kernels DESTINATION ${KMB_SHARE}/ci)
foreach(script scripts/vm-run ci/compare-kernels)
  get_filename_component(name ${script} NAME)
  file(RELATIVE_PATH rel /${CMAKE_INSTALL_BINDIR} /${KMB_SHARE}/${script})
  file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/wrappers/kmembench-${name} CONTENT
    "#!/bin/sh\n# kmembench's ${script}, installed in ${KMB_SHARE}\nexec \"$(dirname \"$(readlink -f \"$0\")\")/${rel}\" \"$@\"\n"
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
    WORLD_READ WORLD_EXECUTE)
  install(PROGRAMS ${CMAKE_BINARY_DIR}/wrappers/kmembench-${name} DESTINATION ${CMAKE_INSTALL_BINDIR})
endforeach()

# Man pages from the --help texts; without help2man there are none (a note).
find_program(KMB_HELP2MAN help2man)
if(KMB_HELP2MAN)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/man/kmembench.1
    COMMAND ${CMAKE_SOURCE_DIR}/dist/gen-man $<TARGET_FILE:kmembench> ${CMAKE_BINARY_DIR}/man
      ${PROJECT_VERSION}
    DEPENDS kmembench ${CMAKE_SOURCE_DIR}/dist/gen-man
    COMMENT "Man pages from the --help texts (help2man)" VERBATIM)
  add_custom_target(man ALL DEPENDS ${CMAKE_BINARY_DIR}/man/kmembench.1)
  install(DIRECTORY ${CMAKE_BINARY_DIR}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
    FILES_MATCHING PATTERN "*.1")
else()
  message(STATUS "help2man not found: no man pages (Debian package help2man, scripts/setup)")
endif()

install(FILES ${CMAKE_SOURCE_DIR}/dist/kmembench.bash-completion
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME kmembench)
