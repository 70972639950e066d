using System.Reflection;

[assembly: AssemblyTitle("CommsHub.Firmware.Crypto.Native")]
[assembly: AssemblyDescription("Interop assembly: GBCS crypto primitives in the firmware's mbedTLS (firmware/native)")]
[assembly: AssemblyProduct("CommsHub")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]

// The native side (firmware/native/interop/CommsHub_Firmware_Crypto_Native.cpp) declares the same version; raise
// both whenever a method of CryptoNatives changes (the metadata processor then computes a new checksum too).
[assembly: AssemblyNativeVersion("1.0.0.0")]
