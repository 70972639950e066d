#
# nf-interpreter CMake module for the interop assembly CommsHub.Firmware.Crypto.Native (firmware/native/README.md).
# A firmware build takes it in with
#   -DNF_INTEROP_ASSEMBLIES="CommsHub.Firmware.Crypto.Native" -DNF_SECURITY_MBEDTLS=ON
# and this file in nf-interpreter's CMake/Modules. The sources are found in COMMSHUB_NATIVE_DIR (this repository's
# firmware/native), or, when that is not set, in InteropAssemblies/CommsHub.Firmware.Crypto.Native of the
# nf-interpreter tree (a copy of firmware/native), as nanoFramework's interop samples lay them out.
#

if(NOT COMMSHUB_NATIVE_DIR)
    set(COMMSHUB_NATIVE_DIR "${PROJECT_SOURCE_DIR}/InteropAssemblies/CommsHub.Firmware.Crypto.Native")
endif()
set(BASE_PATH_FOR_THIS_MODULE ${COMMSHUB_NATIVE_DIR})

# nanoCLR headers, the glue, the plain C API, and mbedTLS (PSA) as the firmware build fetched it (FindMbedTLS).
list(APPEND CommsHub.Firmware.Crypto.Native_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Core)
list(APPEND CommsHub.Firmware.Crypto.Native_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Include)
list(APPEND CommsHub.Firmware.Crypto.Native_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/HAL/Include)
list(APPEND CommsHub.Firmware.Crypto.Native_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/PAL/Include)
list(APPEND CommsHub.Firmware.Crypto.Native_INCLUDE_DIRS ${BASE_PATH_FOR_THIS_MODULE}/interop)
list(APPEND CommsHub.Firmware.Crypto.Native_INCLUDE_DIRS ${BASE_PATH_FOR_THIS_MODULE}/include)
list(APPEND CommsHub.Firmware.Crypto.Native_INCLUDE_DIRS ${BASE_PATH_FOR_THIS_MODULE}/src)
if(mbedTLS_INCLUDE_DIRS)
    list(APPEND CommsHub.Firmware.Crypto.Native_INCLUDE_DIRS ${mbedTLS_INCLUDE_DIRS})
endif()

# The glue (interop/) and the C library it marshals to (the same C files CTest builds on Linux).
set(CommsHub.Firmware.Crypto.Native_SRCS
    interop/CommsHub_Firmware_Crypto_Native.cpp
    interop/CommsHub_Firmware_Crypto_Native_CommsHub_Firmware_Crypto_Native_CryptoNatives.cpp
)
if(EXISTS "${BASE_PATH_FOR_THIS_MODULE}/commshub_crypto_sources.cmake")
    include("${BASE_PATH_FOR_THIS_MODULE}/commshub_crypto_sources.cmake")
    list(APPEND CommsHub.Firmware.Crypto.Native_SRCS ${COMMSHUB_CRYPTO_C_SOURCES})
else()
    list(APPEND CommsHub.Firmware.Crypto.Native_SRCS commshub_crypto_sources.cmake)
endif()

# Paths are built directly (they include the interop/ and src/ folders); a missing file leaves the sources
# unset, so the REQUIRED find_package below fails and names the module.
set(CommsHub.Firmware.Crypto.Native_MISSING "")
foreach(SRC_FILE ${CommsHub.Firmware.Crypto.Native_SRCS})
    set(CommsHub.Firmware.Crypto.Native_SRC_FILE "${BASE_PATH_FOR_THIS_MODULE}/${SRC_FILE}")
    if(BUILD_VERBOSE)
        message("${SRC_FILE} >> ${CommsHub.Firmware.Crypto.Native_SRC_FILE}")
    endif()
    if(EXISTS "${CommsHub.Firmware.Crypto.Native_SRC_FILE}")
        list(APPEND CommsHub.Firmware.Crypto.Native_SOURCES ${CommsHub.Firmware.Crypto.Native_SRC_FILE})
    else()
        list(APPEND CommsHub.Firmware.Crypto.Native_MISSING ${SRC_FILE})
    endif()
endforeach()
if(CommsHub.Firmware.Crypto.Native_MISSING)
    message(WARNING "CommsHub.Firmware.Crypto.Native: not found under ${BASE_PATH_FOR_THIS_MODULE}: "
        "${CommsHub.Firmware.Crypto.Native_MISSING} (set COMMSHUB_NATIVE_DIR to the repository's firmware/native)")
    unset(CommsHub.Firmware.Crypto.Native_SOURCES)
endif()

include(FindPackageHandleStandardArgs)

FIND_PACKAGE_HANDLE_STANDARD_ARGS(INTEROP-CommsHub.Firmware.Crypto.Native DEFAULT_MSG
    CommsHub.Firmware.Crypto.Native_INCLUDE_DIRS CommsHub.Firmware.Crypto.Native_SOURCES)
