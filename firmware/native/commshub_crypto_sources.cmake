# The C files of the device crypto library, relative to firmware/native: one list for the Linux build
# (CMakeLists.txt) and the firmware build (interop/FindINTEROP-CommsHub.Firmware.Crypto.Native.cmake).
set(COMMSHUB_CRYPTO_C_SOURCES
    src/commshub_status.c
    src/commshub_sha256.c
    src/commshub_keys.c
    src/commshub_ecdsa.c
    src/commshub_ecdh.c
    src/commshub_gcm.c
    src/commshub_kdf.c
)
