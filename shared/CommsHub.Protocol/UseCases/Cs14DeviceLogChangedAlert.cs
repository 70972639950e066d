using System;
using CommsHub.Protocol.Dlms;
using CommsHub.Protocol.Encoding;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// CS14 Device Addition To / Removal From HAN Whitelist alert (0x0018): DATA-NOTIFICATION with alert code
    /// 0x8F12 "CHF Device Log Changed", a time stamp and the whole log as a <see cref="ChfDeviceLogBackup"/>.
    /// </summary>
    public sealed class Cs14DeviceLogChangedAlert
    {
        /// <summary>Alert code 0x8F12.</summary>
        public const int AlertCode = 0x8F12;

        /// <summary>long-invoke-id-and-priority.</summary>
        public uint LongInvokeIdAndPriority;
        /// <summary>Alert time stamp.</summary>
        public DlmsDateTime TimeStamp;
        /// <summary>The device log after the change.</summary>
        public ChfDeviceLogBackup Log;

        /// <summary>Decodes the alert from its DATA-NOTIFICATION.</summary>
        public static Cs14DeviceLogChangedAlert Decode(DataNotification n)
        {
            if (n.AlertCode != AlertCode)
                throw new GbcsFormatException(GbcsErrorCode.BadField, n.Offset, "CS14: alert code 0x8F12 expected");
            if (n.AlertItemCount != 1)
                throw new GbcsFormatException(GbcsErrorCode.BadField, n.Offset, "CS14: one alert item expected");
            Cs14DeviceLogChangedAlert a = new Cs14DeviceLogChangedAlert();
            a.LongInvokeIdAndPriority = n.LongInvokeIdAndPriority;
            a.TimeStamp = n.AlertTimeStamp;
            a.Log = ChfDeviceLogBackup.FromData(n.AlertItem(0));
            return a;
        }

        /// <summary>Decodes from a content region.</summary>
        public static Cs14DeviceLogChangedAlert Decode(byte[] buffer, int offset, int count)
        {
            return Decode(DataNotification.Decode(buffer, offset, count));
        }

        /// <summary>Builds the DATA-NOTIFICATION.</summary>
        public DataNotification ToNotification()
        {
            return DataNotification.Alert(LongInvokeIdAndPriority, AlertCode, TimeStamp, new DlmsData[] { Log.ToData() });
        }

        /// <summary>
        /// Streaming encoder: the DATA-NOTIFICATION up to the device log backup, which follows
        /// (<see cref="ChfDeviceLogBackup.WriteStart"/> and its entries). Same bytes as <see cref="Encode"/>.
        /// </summary>
        public static void WriteStart(ByteWriter w, uint longInvokeIdAndPriority, DlmsDateTime timeStamp)
        {
            DlmsStream.WriteAlertHeader(w, longInvokeIdAndPriority, AlertCode, timeStamp, 1);
        }

        /// <summary>Writes the whole payload into <paramref name="w"/> (same bytes as <see cref="Encode"/>).</summary>
        public void WriteTo(ByteWriter w)
        {
            WriteStart(w, LongInvokeIdAndPriority, TimeStamp);
            Log.WriteTo(w);
        }

        /// <summary>Encodes the payload.</summary>
        public byte[] Encode()
        {
            return ToNotification().Encode();
        }
    }
}
