# tapchi_module(<name> SOURCES ... DEPS ... LIBS ...)
# Makes the library tapchi_<name> (alias tapchi::<name>) from src/<name>, with the project's
# warnings, and, when tests are built, the test binary test_<name> from tests/unit/<name>/*_test.cpp.
# DEPS names the tapchi modules this one may include; `make lint` checks includes against it.
set(TAPCHI_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(TAPCHI_WERROR)
  list(APPEND TAPCHI_WARNINGS -Werror)
endif()
if(TAPCHI_SANITIZE)
  # vptr is left out: SOCI's shared library does not export the typeinfo it needs.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
if(TAPCHI_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TAPCHI_BUILD_FUZZ needs clang (libFuzzer); use the fuzz preset")
  endif()
  # Coverage for libFuzzer in every library; the fuzz_<name> executables add -fsanitize=fuzzer
  # (tests/fuzz). vptr is left out for SOCI, as above; clang 14's `function` check cannot be
  # emitted for coroutines ("Cannot represent a difference across sections" in http/server.cpp).
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=vptr,function
                      -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
# Boost 1.74's asio/awaitable.hpp misses <utility> under C++20 with g++ 12.
add_compile_options(-include utility)
# Boost 1.74's asio looks for clang's coroutine support only beside libc++; libstdc++ 12 has it.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  add_compile_definitions(BOOST_ASIO_HAS_CO_AWAIT=1)
endif()

function(tapchi_module name)
  cmake_parse_arguments(ARG "POSTGRES" "" "SOURCES;DEPS;LIBS" ${ARGN})
  add_library(tapchi_${name} STATIC ${ARG_SOURCES})
  add_library(tapchi::${name} ALIAS tapchi_${name})
  target_include_directories(tapchi_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(tapchi_${name} PRIVATE ${TAPCHI_WARNINGS})
  foreach(dep IN LISTS ARG_DEPS)
    target_link_libraries(tapchi_${name} PUBLIC tapchi::${dep})
  endforeach()
  target_link_libraries(tapchi_${name} PRIVATE ${ARG_LIBS})
  set_property(GLOBAL APPEND PROPERTY TAPCHI_MODULES ${name})
  set_property(GLOBAL PROPERTY TAPCHI_DEPS_${name} "${ARG_DEPS}")

  file(GLOB tests CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/unit/${name}/*_test.cpp)
  if(TAPCHI_BUILD_TESTS AND tests)
    add_executable(test_${name} ${tests})
    target_compile_options(test_${name} PRIVATE ${TAPCHI_WARNINGS})
    target_include_directories(test_${name} PRIVATE ${PROJECT_SOURCE_DIR})  # tests/common
    target_link_libraries(test_${name} PRIVATE tapchi::${name} ${ARG_LIBS} GTest::gtest_main GTest::gmock)
    gtest_discover_tests(test_${name} TEST_PREFIX "${name}." PROPERTIES LABELS unit
                         DISCOVERY_TIMEOUT 60)
    # The same tests again on a throwaway PostgreSQL cluster (tests/common/test_store.h).
    if(ARG_POSTGRES)
      gtest_discover_tests(test_${name} TEST_PREFIX "${name}.postgres." DISCOVERY_TIMEOUT 60
                           PROPERTIES LABELS postgres FIXTURES_REQUIRED postgres
                           ENVIRONMENT TAPCHI_TEST_POSTGRES=${CMAKE_BINARY_DIR}/postgres/url)
    endif()
  endif()
endfunction()
