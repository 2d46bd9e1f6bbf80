# Fails when a test name does not start with its folder: every doctest case in a .cpp/.hpp under
# ROOT, and every `NAME "..."` in a CMakeLists.txt or .cmake file there. The folder is the file's
# own, a folder called `tests` standing for its parent (tests/sandbox/tests -> sandbox,
# tests/adapters/orders -> orders). Usage: cmake -DROOT=<tests folder> -P check_test_prefixes.cmake
if(NOT ROOT OR NOT IS_DIRECTORY "${ROOT}")
    message(FATAL_ERROR "pass -DROOT=<the tests folder>")
endif()
get_filename_component(ROOT "${ROOT}" ABSOLUTE)

set(problems "")
set(checked 0)

# The folder a file's test names must start with ("" for files directly in ROOT).
function(expected_prefix relative out)
    get_filename_component(dir "${relative}" DIRECTORY)
    string(REPLACE "/" ";" parts "${dir}")
    list(REMOVE_ITEM parts "tests")
    set(prefix "")
    if(parts)
        list(GET parts -1 prefix)
    endif()
    set(${out} "${prefix}" PARENT_SCOPE)
endfunction()

# Checks every name the regex captures (group 1) in one file; adds to problems and checked.
function(check_file file regex)
    file(RELATIVE_PATH relative "${ROOT}" "${file}")
    expected_prefix("${relative}" prefix)
    if(NOT prefix STREQUAL "")
        file(READ "${file}" text)
        # List separators and brackets would split or glue the matches below.
        string(REPLACE ";" "," text "${text}")
        string(REPLACE "[" "(" text "${text}")
        string(REPLACE "]" ")" text "${text}")
        string(REGEX MATCHALL "${regex}" found "${text}")
        foreach(match IN LISTS found)
            string(REGEX REPLACE "${regex}" "\\1" name "${match}")
            math(EXPR checked "${checked} + 1")
            string(FIND "${name}" "${prefix}: " at)
            if(NOT at EQUAL 0)
                string(APPEND problems "\n  ${relative}: \"${name}\" must start with \"${prefix}: \"")
            endif()
        endforeach()
    endif()
    set(problems "${problems}" PARENT_SCOPE)
    set(checked ${checked} PARENT_SCOPE)
endfunction()

set(case_regex "TEST_CASE[A-Z_]*\\([A-Za-z0-9_:, \t\r\n]*\"([^\"]*)\"")
set(name_regex "[ \t\r\n(]NAME[ \t\r\n]+\"([^\"]*)\"")

file(GLOB_RECURSE sources "${ROOT}/*.cpp" "${ROOT}/*.hpp")
foreach(file IN LISTS sources)
    check_file("${file}" "${case_regex}")
endforeach()
file(GLOB_RECURSE cmake_files "${ROOT}/CMakeLists.txt" "${ROOT}/*.cmake")
foreach(file IN LISTS cmake_files)
    check_file("${file}" "${name_regex}")
endforeach()

if(checked EQUAL 0)
    message(FATAL_ERROR "no test names found under ${ROOT}: the check would prove nothing")
endif()
if(NOT problems STREQUAL "")
    message(FATAL_ERROR "test names must start with their folder (rename them):${problems}")
endif()
message(STATUS "${checked} test names start with their folder")
