namespace CommsHub.Firmware.SelfTest.Checks
{
    /// <summary>Decodes a payload with its typed model and encodes it again (a codec round trip).</summary>
    public delegate byte[] PayloadRecoder(byte[] buffer, int offset, int count);
}
