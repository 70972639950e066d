namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// GBCS message codes (GBCS.md §6: gbcs-parser util.ts, Wireshark packet-gbcs.c, and the RTDS 4.5.0 folders for
    /// 0x011A-0x012B, titled from duis-templates gbcs-mapping-table.json). <see cref="Lookup"/> builds the entry on
    /// demand from a switch, so the table costs no heap on the device until it is used.
    /// </summary>
    public static class MessageCodes
    {
        // ---- the codes the comms hub handles itself (CHF use cases) ----

        /// <summary>CCS01 Add Device to CHF device log.</summary>
        public const int CCS01 = 0x0001;
        /// <summary>CCS02 Remove device from CHF device log.</summary>
        public const int CCS02 = 0x0002;
        /// <summary>CCS03 Restore CHF Device Log.</summary>
        public const int CCS03 = 0x0003;
        /// <summary>CCS05/CCS04 Read CHF device log / Check HAN communications (one code for both).</summary>
        public const int CCS05 = 0x0004;
        /// <summary>CCS04, same code as <see cref="CCS05"/>.</summary>
        public const int CCS04 = 0x0004;
        /// <summary>CCS06 Read CHF device log and check HAN communications.</summary>
        public const int CCS06 = 0x010F;
        /// <summary>CCS07 Read CHF Device Logs.</summary>
        public const int CCS07 = 0x00FE;
        /// <summary>CCS08 Firmware Transfer Alert.</summary>
        public const int CCS08 = 0x0128;
        /// <summary>CS06 Activate Firmware.</summary>
        public const int CS06 = 0x0012;
        /// <summary>CS07 Read Device Join Details.</summary>
        public const int CS07 = 0x0013;
        /// <summary>CS11 Clear ZigBee Device Event Log.</summary>
        public const int CS11 = 0x0015;
        /// <summary>CS14 Device Addition To / Removal From HAN Whitelist Alerts.</summary>
        public const int CS14 = 0x0018;
        /// <summary>ECS26i Read Configuration Data Device Information (CHF identity).</summary>
        public const int ECS26i = 0x0092;
        /// <summary>ECS26n Read CHF Configuration Data Device Information (CH identity and type).</summary>
        public const int ECS26n = 0x00FA;
        /// <summary>ECS35c Read CHF Event Log.</summary>
        public const int ECS35c = 0x0093;
        /// <summary>ECS35d Read CHF Security Log.</summary>
        public const int ECS35d = 0x0094;
        /// <summary>ECS52 Read ESME/Comms Hub Firmware Version.</summary>
        public const int ECS52 = 0x0059;
        /// <summary>DBCH01 Read CHF Sub GHz Channel.</summary>
        public const int DBCH01 = 0x010A;
        /// <summary>DBCH02 Read CHF Sub GHz Channel Log.</summary>
        public const int DBCH02 = 0x010B;
        /// <summary>DBCH03 Read CHF Sub GHz Configuration.</summary>
        public const int DBCH03 = 0x010C;
        /// <summary>DBCH04 Set CHF Sub GHz Configuration.</summary>
        public const int DBCH04 = 0x010D;
        /// <summary>DBCH05 Request CHF Sub GHz Channel Scan.</summary>
        public const int DBCH05 = 0x010E;
        /// <summary>Future Dated Firmware Activation Alert (CS06 future-dated outcome).</summary>
        public const int FutureDatedFirmwareActivationAlert = 0x00CA;
        /// <summary>Generic Critical Alert.</summary>
        public const int GenericCriticalAlert = 0x1000;
        /// <summary>Generic Non Critical Alert.</summary>
        public const int GenericNonCriticalAlert = 0x1001;

        private static readonly int[] Codes = new int[]
        {
            0x0001, 0x0002, 0x0003, 0x0004, 0x0007, 0x0008, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F, 0x0010,
            0x0012, 0x0013, 0x0014, 0x0015, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F, 0x0020,
            0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D,
            0x002E, 0x002F, 0x0030, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C,
            0x003D, 0x003E, 0x003F, 0x0040, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A,
            0x004B, 0x004C, 0x004D, 0x004E, 0x004F, 0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0058, 0x0059,
            0x005A, 0x005E, 0x005F, 0x0060, 0x0061, 0x0062, 0x0067, 0x0068, 0x0069, 0x006B, 0x006C, 0x006D, 0x006E,
            0x006F, 0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007B, 0x007C,
            0x007D, 0x007E, 0x007F, 0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087, 0x0088, 0x0089,
            0x008B, 0x008C, 0x008D, 0x0090, 0x0092, 0x0093, 0x0094, 0x0096, 0x0097, 0x009B, 0x009D, 0x009E, 0x009F,
            0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF, 0x00B0, 0x00B2, 0x00B3, 0x00B4,
            0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF, 0x00C0, 0x00C1,
            0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
            0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D7, 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DE, 0x00EA, 0x00EB,
            0x00EC, 0x00ED, 0x00EE, 0x00EF, 0x00F0, 0x00F1, 0x00F2, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE,
            0x0100, 0x0101, 0x0102, 0x0103, 0x0104, 0x0105, 0x0106, 0x0107, 0x0108, 0x0109, 0x010A, 0x010B, 0x010C,
            0x010D, 0x010E, 0x010F, 0x0110, 0x0111, 0x0112, 0x0113, 0x0114, 0x0115, 0x0116, 0x0117, 0x0118, 0x0119,
            0x011A, 0x011B, 0x011C, 0x011D, 0x011E, 0x011F, 0x0120, 0x0121, 0x0122, 0x0123, 0x0124, 0x0125, 0x0126,
            0x0128, 0x0129, 0x012A, 0x012B, 0x1000, 0x1001
        };

        /// <summary>Number of known codes.</summary>
        public static int Count { get { return Codes.Length; } }

        /// <summary>Known code <paramref name="index"/> (0..<see cref="Count"/>-1), in ascending order.</summary>
        public static int CodeAt(int index)
        {
            return Codes[index];
        }

        /// <summary>The use case for <paramref name="code"/>, or null when the code is unknown.</summary>
        public static UseCaseInfo Lookup(int code)
        {
            switch (code)
            {
                case 0x0001: return new UseCaseInfo(0x0001, "CCS01", "Add Device to CHF device log");
                case 0x0002: return new UseCaseInfo(0x0002, "CCS02", "Remove device from CHF device log");
                case 0x0003: return new UseCaseInfo(0x0003, "CCS03", "Restore CHF Device Log");
                case 0x0004: return new UseCaseInfo(0x0004, "CCS05", "CCS05/CCS04 Read CHF device log / Check HAN communications (by reading the CHF Communications Store)");
                case 0x0007: return new UseCaseInfo(0x0007, "CS01a", "Apply Prepayment Top Up to an ESME");
                case 0x0008: return new UseCaseInfo(0x0008, "CS02a", "Provide Security Credentials Details");
                case 0x000A: return new UseCaseInfo(0x000A, "CS02c", "Issue Security Credentials");
                case 0x000B: return new UseCaseInfo(0x000B, "CS02d", "Update Device Certificates on Device");
                case 0x000C: return new UseCaseInfo(0x000C, "CS02e", "Provide Device Certificates from Device");
                case 0x000D: return new UseCaseInfo(0x000D, "CS03A1", "Method A Join (Meter)");
                case 0x000E: return new UseCaseInfo(0x000E, "CS03B", "Method B Join");
                case 0x000F: return new UseCaseInfo(0x000F, "CS04AC", "Method A or C Unjoin");
                case 0x0010: return new UseCaseInfo(0x0010, "CS04B", "Method B Unjoin");
                case 0x0012: return new UseCaseInfo(0x0012, "CS06", "Activate Firmware");
                case 0x0013: return new UseCaseInfo(0x0013, "CS07", "Read Device Join Details");
                case 0x0014: return new UseCaseInfo(0x0014, "CS10a", "Read ZigBee Device Event Log");
                case 0x0015: return new UseCaseInfo(0x0015, "CS11", "Clear ZigBee Device Event Log");
                case 0x0018: return new UseCaseInfo(0x0018, "CS14", "Device Addition To / Removal From HAN Whitelist Alerts");
                case 0x0019: return new UseCaseInfo(0x0019, "ECS01a", "Set Tariff and Price on ESME");
                case 0x001A: return new UseCaseInfo(0x001A, "ECS02", "Set ESME Payment Mode to Credit");
                case 0x001B: return new UseCaseInfo(0x001B, "ECS03", "Set ESME Payment Mode to Prepayment");
                case 0x001C: return new UseCaseInfo(0x001C, "ECS04a", "Adjust Meter Balance on the ESME");
                case 0x001D: return new UseCaseInfo(0x001D, "ECS05", "Reset Tariff Block Counter Matrix");
                case 0x001E: return new UseCaseInfo(0x001E, "ECS07", "Manage Debt on the ESME");
                case 0x001F: return new UseCaseInfo(0x001F, "ECS08", "Update Prepayment Configuration on ESME");
                case 0x0020: return new UseCaseInfo(0x0020, "ECS09", "Activate Emergency Credit Remotely on ESME");
                case 0x0021: return new UseCaseInfo(0x0021, "ECS10", "Send Message to ESME");
                case 0x0022: return new UseCaseInfo(0x0022, "ECS12", "Set Change of Tenancy date on ESME");
                case 0x0023: return new UseCaseInfo(0x0023, "ECS14", "Disable Privacy PIN Protection on ESME");
                case 0x0024: return new UseCaseInfo(0x0024, "ECS15a", "Clear ESME Event Log");
                case 0x0025: return new UseCaseInfo(0x0025, "ECS16", "Write Supplier Contact Details on ESME");
                case 0x0026: return new UseCaseInfo(0x0026, "ECS17a", "Read ESME Energy Registers (Export Energy)");
                case 0x0027: return new UseCaseInfo(0x0027, "ECS17b", "Read ESME Energy Registers (Import Energy)");
                case 0x0028: return new UseCaseInfo(0x0028, "ECS17c", "Read ESME Energy Registers (Power)");
                case 0x0029: return new UseCaseInfo(0x0029, "ECS17d", "Read ESME Energy Register (TOU)");
                case 0x002A: return new UseCaseInfo(0x002A, "ECS17e", "Read ESME Energy Register (TOU with Blocks)");
                case 0x002B: return new UseCaseInfo(0x002B, "ECS18a", "Read Maximum Demand Registers (export)");
                case 0x002C: return new UseCaseInfo(0x002C, "ECS18b", "Read Maximum Demand Registers (import)");
                case 0x002D: return new UseCaseInfo(0x002D, "ECS19", "Read ESME Prepayment Registers");
                case 0x002E: return new UseCaseInfo(0x002E, "ECS20a", "Read ESME Billing Data Log (payment based debt payments)");
                case 0x002F: return new UseCaseInfo(0x002F, "ECS20b", "Read ESME Billing Data Log (change of mode / tariff triggered exc export)");
                case 0x0030: return new UseCaseInfo(0x0030, "ECS20c", "Read ESME Billing Data Log (billing calendar triggered exc export)");
                case 0x0033: return new UseCaseInfo(0x0033, "ECS21a", "Read Electricity Daily Read Log (exc export)");
                case 0x0034: return new UseCaseInfo(0x0034, "ECS21b", "Read Electricity (Prepayment) Daily Read Log");
                case 0x0035: return new UseCaseInfo(0x0035, "ECS21c", "Read Electricity Daily Read Log (export only)");
                case 0x0036: return new UseCaseInfo(0x0036, "ECS22a", "Read Electricity Half Hour Profile Data (export)");
                case 0x0037: return new UseCaseInfo(0x0037, "ECS22b", "Read Electricity Half Hour Profile Data (active import)");
                case 0x0038: return new UseCaseInfo(0x0038, "ECS22c", "Read Electricity Half Hour Profile Data (reactive import)");
                case 0x0039: return new UseCaseInfo(0x0039, "ECS23", "Read Voltage Operational Data");
                case 0x003A: return new UseCaseInfo(0x003A, "ECS24", "Read ESME Tariff Data");
                case 0x003B: return new UseCaseInfo(0x003B, "ECS26a", "Read ESME Configuration Data Prepayment");
                case 0x003C: return new UseCaseInfo(0x003C, "ECS26b", "Read ESME Configuration Voltage Data");
                case 0x003D: return new UseCaseInfo(0x003D, "ECS26c", "Read ESME Configuration Data Device Information (randomisation)");
                case 0x003E: return new UseCaseInfo(0x003E, "ECS26d", "Read ESME Configuration Data Device Information (Billing Calendar)");
                case 0x003F: return new UseCaseInfo(0x003F, "ECS26e", "Read ESME Configuration Data Device Information (device identity exc MPAN)");
                case 0x0040: return new UseCaseInfo(0x0040, "ECS26f", "Read ESME Configuration Data Device Information (instantaneous power thresholds)");
                case 0x0042: return new UseCaseInfo(0x0042, "ECS27", "Read ESME Load Limit Data");
                case 0x0043: return new UseCaseInfo(0x0043, "ECS28a", "Set Load Limit Configurations - General Settings");
                case 0x0044: return new UseCaseInfo(0x0044, "ECS28b", "Set Load Limit Configuration Counter Reset");
                case 0x0045: return new UseCaseInfo(0x0045, "ECS29a", "Set Voltage Configurations on ESME");
                case 0x0046: return new UseCaseInfo(0x0046, "ECS30", "Set Billing Calendar on the ESME");
                case 0x0047: return new UseCaseInfo(0x0047, "ECS34", "Set Instantaneous Power Threshold Configuration");
                case 0x0048: return new UseCaseInfo(0x0048, "ECS35a", "Read ESME Event Log");
                case 0x0049: return new UseCaseInfo(0x0049, "ECS35b", "Read ESME Security Log");
                case 0x004A: return new UseCaseInfo(0x004A, "ECS37", "Set Maximum Demand Configurable Time Period");
                case 0x004B: return new UseCaseInfo(0x004B, "ECS38", "Update Randomised Offset Limit");
                case 0x004C: return new UseCaseInfo(0x004C, "ECS39a", "Set MPAN Value on the ESME");
                case 0x004D: return new UseCaseInfo(0x004D, "ECS39b", "Set Export MPAN Value on the ESME");
                case 0x004E: return new UseCaseInfo(0x004E, "ECS40", "Read MPAN Value on the ESME");
                case 0x004F: return new UseCaseInfo(0x004F, "ECS42", "Remotely Close the Load Switch on the ESME");
                case 0x0050: return new UseCaseInfo(0x0050, "ECS43", "Remotely Open the Load Switch on the ESME");
                case 0x0051: return new UseCaseInfo(0x0051, "ECS44", "Arm Load Switch in ESME");
                case 0x0052: return new UseCaseInfo(0x0052, "ECS45", "Read Status of Load Switch in the ESME");
                case 0x0053: return new UseCaseInfo(0x0053, "ECS46a", "Set HC ALCS or ALCS Labels in ESME");
                case 0x0054: return new UseCaseInfo(0x0054, "ECS46c", "Set HC ALCS and ALCS configuration in ESME (excluding labels)");
                case 0x0055: return new UseCaseInfo(0x0055, "ECS47", "Set or Reset HC ALCS or ALCS State");
                case 0x0058: return new UseCaseInfo(0x0058, "ECS50", "Send CIN to ESME");
                case 0x0059: return new UseCaseInfo(0x0059, "ECS52", "Read ESME/Comms Hub Firmware Version");
                case 0x005A: return new UseCaseInfo(0x005A, "ECS57", "Reset ESME Maximum Demand Registers");
                case 0x005E: return new UseCaseInfo(0x005E, "ECS61c", "Read Boost Button Data from ESME");
                case 0x005F: return new UseCaseInfo(0x005F, "ECS62", "Set ALCS and Boost Button Association");
                case 0x0060: return new UseCaseInfo(0x0060, "ECS66", "Read ESME Daily Consumption Log");
                case 0x0061: return new UseCaseInfo(0x0061, "ECS68", "ESME Critical Sensitive Alert (Billing Data Log)");
                case 0x0062: return new UseCaseInfo(0x0062, "ECS70", "Set Clock on ESME");
                case 0x0067: return new UseCaseInfo(0x0067, "ECS80", "Supply Outage Restore Alert from ESME");
                case 0x0068: return new UseCaseInfo(0x0068, "ECS81", "Set Supply Tamper State on ESME");
                case 0x0069: return new UseCaseInfo(0x0069, "ECS82", "Read Meter Balance for ESME");
                case 0x006B: return new UseCaseInfo(0x006B, "GCS01a", "Set Tariff and Price on GSME");
                case 0x006C: return new UseCaseInfo(0x006C, "GCS02", "Set GSME Payment Mode to Credit");
                case 0x006D: return new UseCaseInfo(0x006D, "GCS03", "Set GSME Payment Mode to Prepayment");
                case 0x006E: return new UseCaseInfo(0x006E, "GCS04", "Manage Debt on the GSME");
                case 0x006F: return new UseCaseInfo(0x006F, "GCS05", "Update Prepayment Configurations on GSME");
                case 0x0070: return new UseCaseInfo(0x0070, "GCS06", "Activate Emergency Credit Remotely on GSME");
                case 0x0071: return new UseCaseInfo(0x0071, "GCS07", "Send Message to GSME");
                case 0x0072: return new UseCaseInfo(0x0072, "GCS09", "Set Change of Tenancy date on GPF");
                case 0x0073: return new UseCaseInfo(0x0073, "GCS11", "Disable Privacy PIN Protection on GSME");
                case 0x0074: return new UseCaseInfo(0x0074, "GCS13a", "Read GSME Consumption Register");
                case 0x0075: return new UseCaseInfo(0x0075, "GCS14", "Read GSME Prepayment Registers");
                case 0x0076: return new UseCaseInfo(0x0076, "GCS15c", "Read GSME Billing Data Log (billing calendar triggered)");
                case 0x0077: return new UseCaseInfo(0x0077, "GCS16a", "Read GSME Daily Read Log");
                case 0x0078: return new UseCaseInfo(0x0078, "GCS17", "Read GSME Profile Data Log");
                case 0x0079: return new UseCaseInfo(0x0079, "GCS18", "Read Gas Network Data Log");
                case 0x007B: return new UseCaseInfo(0x007B, "GCS21a", "Read Gas Configuration Data Device Information");
                case 0x007C: return new UseCaseInfo(0x007C, "GCS23", "Set CV and Conversion Factor Value(s) on the GSME");
                case 0x007D: return new UseCaseInfo(0x007D, "GCS24", "Set Uncontrolled Gas Flow Rate and Supply Tamper State on the GSME");
                case 0x007E: return new UseCaseInfo(0x007E, "GCS25", "Set Billing Calendar on the GSME");
                case 0x007F: return new UseCaseInfo(0x007F, "GCS28", "Set Clock on GSME");
                case 0x0080: return new UseCaseInfo(0x0080, "GCS31", "Start Network Data Log on GSME");
                case 0x0081: return new UseCaseInfo(0x0081, "GCS32", "Remotely close the valve in the GSME");
                case 0x0082: return new UseCaseInfo(0x0082, "GCS33", "Read GSME Valve Status");
                case 0x0083: return new UseCaseInfo(0x0083, "GCS36", "Send CIN to GSME");
                case 0x0084: return new UseCaseInfo(0x0084, "GCS38", "Read GSME Firmware Version");
                case 0x0085: return new UseCaseInfo(0x0085, "GCS39", "Arm Valve in GSME");
                case 0x0086: return new UseCaseInfo(0x0086, "GCS40a", "Adjust Prepayment Mode Meter Balance on the GSME");
                case 0x0087: return new UseCaseInfo(0x0087, "GCS41", "Set MPRN Value on the GSME");
                case 0x0088: return new UseCaseInfo(0x0088, "GCS44", "Write Contact Details on GSME");
                case 0x0089: return new UseCaseInfo(0x0089, "GCS46", "Read MPRN on the GSME");
                case 0x008B: return new UseCaseInfo(0x008B, "GCS53", "Push Billing Data Log as an Alert");
                case 0x008C: return new UseCaseInfo(0x008C, "GCS59", "Restore GPF Device Log");
                case 0x008D: return new UseCaseInfo(0x008D, "GCS60", "Read Meter Balance for GSME");
                case 0x0090: return new UseCaseInfo(0x0090, "PCS02", "Activate Emergency Credit on GSME from PPMID");
                case 0x0092: return new UseCaseInfo(0x0092, "ECS26i", "Read Configuration Data Device Information (CHF identity)");
                case 0x0093: return new UseCaseInfo(0x0093, "ECS35c", "Read CHF Event Log");
                case 0x0094: return new UseCaseInfo(0x0094, "ECS35d", "Read CHF Security Log");
                case 0x0096: return new UseCaseInfo(0x0096, "GCS16b", "Read GSME Daily Read log(s) (prepayment)");
                case 0x0097: return new UseCaseInfo(0x0097, "CS01b", "Apply Prepayment Top Up to a GSME");
                case 0x009B: return new UseCaseInfo(0x009B, "PCS01", "Apply Prepayment Top Up to a GSME using PPMID");
                case 0x009D: return new UseCaseInfo(0x009D, "GCS21d", "Read GSME Configuration Data Device Information (BillingCalendar)");
                case 0x009E: return new UseCaseInfo(0x009E, "GCS21e", "Read GSME/GPF Configuration Data Device Information (device identity)");
                case 0x009F: return new UseCaseInfo(0x009F, "GCS21f", "Read GSME Tariff Data");
                case 0x00A0: return new UseCaseInfo(0x00A0, "GCS61", "Read Gas Daily Consumption Log");
                case 0x00A1: return new UseCaseInfo(0x00A1, "CS10b", "Read ZigBee Device Security Log");
                case 0x00A2: return new UseCaseInfo(0x00A2, "ECS01b", "Set Price on ESME");
                case 0x00A3: return new UseCaseInfo(0x00A3, "GCS01b", "Set Price on GSME");
                case 0x00AB: return new UseCaseInfo(0x00AB, "CS03A2", "Method A Join (non Meter)");
                case 0x00AC: return new UseCaseInfo(0x00AC, "ECS25a", "Set Alert Behaviours - ESME - Supplier");
                case 0x00AD: return new UseCaseInfo(0x00AD, "GCS20", "Set Alert Behaviours - GSME");
                case 0x00AE: return new UseCaseInfo(0x00AE, "ECS29b", "Set Voltage Configurations on ESME - 3ph");
                case 0x00AF: return new UseCaseInfo(0x00AF, "CS03C", "Method C Join");
                case 0x00B0: return new UseCaseInfo(0x00B0, "ECS25b", "Set Alert Behaviours - ESME - Network Operator");
                case 0x00B2: return new UseCaseInfo(0x00B2, "GCS62", "Backup GPF Device Log");
                case 0x00B3: return new UseCaseInfo(0x00B3, "ECS04b", "Reset Meter Balance on the ESME");
                case 0x00B4: return new UseCaseInfo(0x00B4, "GCS40b", "Reset Prepayment Mode Meter Balance on the GSME");
                case 0x00B5: return new UseCaseInfo(0x00B5, "GCS21b", "Read GSME Configuration Data Prepayment");
                case 0x00B6: return new UseCaseInfo(0x00B6, "GCS13c", "Read GSME Register (TOU)");
                case 0x00B7: return new UseCaseInfo(0x00B7, "ECS01c", "Set Tariff and Price on ESME secondary");
                case 0x00B8: return new UseCaseInfo(0x00B8, "GCS13b", "Read GSME Block Counters");
                case 0x00B9: return new UseCaseInfo(0x00B9, "ECS35e", "Read ESME Power Event Log");
                case 0x00BA: return new UseCaseInfo(0x00BA, "ECS35f", "Read ALCS Event Log");
                case 0x00BB: return new UseCaseInfo(0x00BB, "ECS61a", "Read HC ALCS and ALCS Data from ESME");
                case 0x00BC: return new UseCaseInfo(0x00BC, "ECS23b", "Read Voltage Operational Data - 3 Phase");
                case 0x00BD: return new UseCaseInfo(0x00BD, "ECS24b", "Read ESME Tariff Data - second element");
                case 0x00BE: return new UseCaseInfo(0x00BE, "ECS26j", "Read ESME Configuration Data Device Information (Payment Mode)");
                case 0x00BF: return new UseCaseInfo(0x00BF, "GCS21j", "Read GSME Configuration Data Device Information (Payment Mode)");
                case 0x00C0: return new UseCaseInfo(0x00C0, "GCS40c", "Adjust Credit Mode Meter Balance on the GSME");
                case 0x00C1: return new UseCaseInfo(0x00C1, "ECS15c", "Clear ALCS Event Log");
                case 0x00C2: return new UseCaseInfo(0x00C2, "GCS40d", "Reset Credit Mode Meter Balance on the GSME");
                case 0x00C3: return new UseCaseInfo(0x00C3, "GCS15b", "Read GSME Billing Data Log (change of mode / tariff triggered)");
                case 0x00C4: return new UseCaseInfo(0x00C4, "GCS15d", "Read GSME Billing Data Log (payment-based debt payments)");
                case 0x00C5: return new UseCaseInfo(0x00C5, "GCS15e", "Read GSME Billing Data Log (prepayment credits)");
                case 0x00C6: return new UseCaseInfo(0x00C6, "ECS26k", "Read ESME Configuration Voltage Data - 3 phase");
                case 0x00C7: return new UseCaseInfo(0x00C7, "ECS01d", "Set Price on ESME secondary");
                case 0x00C9: return new UseCaseInfo(0x00C9, "ECS20d", "Read ESME Billing Data Log (prepayment credits)");
                case 0x00CA: return new UseCaseInfo(0x00CA, "FDFAA", "Future Dated Firmware Activation Alert");
                case 0x00CB: return new UseCaseInfo(0x00CB, "FDUSCA", "Future Dated Update Security Credentials Alert");
                case 0x00CC: return new UseCaseInfo(0x00CC, "FDEIA-DLMS", "Future Dated Execution Of Instruction Alert (DLMS COSEM)");
                case 0x00CD: return new UseCaseInfo(0x00CD, "FDEIA-GBZ", "Future Dated Execution Of Instruction Alert (GBZ)");
                case 0x00CE: return new UseCaseInfo(0x00CE, "FDRA", "Firmware Distribution Receipt Alert (ESME)");
                case 0x00CF: return new UseCaseInfo(0x00CF, "FDRA", "Firmware Distribution Receipt Alert (GSME)");
                case 0x00D1: return new UseCaseInfo(0x00D1, "ECS29c", "Set Voltage Configurations on ESME without counter reset");
                case 0x00D2: return new UseCaseInfo(0x00D2, "ECS29d", "Set Voltage Configurations on polyphase ESME without counter reset");
                case 0x00D3: return new UseCaseInfo(0x00D3, "ECS29e", "Reset RMS Voltage Counters on ESME");
                case 0x00D4: return new UseCaseInfo(0x00D4, "ECS29f", "Reset RMS Voltage Counters on polyphase ESME");
                case 0x00D5: return new UseCaseInfo(0x00D5, "FDRPMA", "Failure to Deliver Remote Party Message to ESME Alert");
                case 0x00D7: return new UseCaseInfo(0x00D7, "ECS30a", "Set Billing Calendar on the ESME - all periodicities");
                case 0x00D8: return new UseCaseInfo(0x00D8, "GCS25a", "Set Billing Calendar on the GSME - all periodicities");
                case 0x00D9: return new UseCaseInfo(0x00D9, "ECS26l", "Read ESME Configuration Data Device Information (Billing Calendar - all periodicities)");
                case 0x00DA: return new UseCaseInfo(0x00DA, "GCS21k", "Read GSME Configuration Data Device Information (BillingCalendar - all periodicities)");
                case 0x00DB: return new UseCaseInfo(0x00DB, "ECS48", "Configure daily resetting of Tariff Block Counter Matrix");
                case 0x00DE: return new UseCaseInfo(0x00DE, "ECS08a", "Update Prepayment Configuration on ESME");
                case 0x00EA: return new UseCaseInfo(0x00EA, "ECS25a1", "Set Event Behaviours - ESME to HAN Device - Supplier");
                case 0x00EB: return new UseCaseInfo(0x00EB, "ECS25a2", "Set Event Behaviours - ESME audible alarm - Supplier");
                case 0x00EC: return new UseCaseInfo(0x00EC, "ECS25a3", "Set Event Behaviours - ESME logging - Supplier");
                case 0x00ED: return new UseCaseInfo(0x00ED, "ECS25b3", "Set Event Behaviours - ESME logging - Network Operator");
                case 0x00EE: return new UseCaseInfo(0x00EE, "ECS25r1", "Read non-critical event and alert behaviours - ESME - Supplier");
                case 0x00EF: return new UseCaseInfo(0x00EF, "ECS25r2", "Read non-critical event and alert behaviours - ESME - Network Operator");
                case 0x00F0: return new UseCaseInfo(0x00F0, "MIIWA", "Meter Integrity Issue Warning Alert - ESME");
                case 0x00F1: return new UseCaseInfo(0x00F1, "GCS20r", "Read non-critical event and alert behaviours - GSME - Supplier");
                case 0x00F2: return new UseCaseInfo(0x00F2, "MIIWA", "Meter Integrity Issue Warning Alert - GSME");
                case 0x00F9: return new UseCaseInfo(0x00F9, "ECS26m", "Read ESME Configuration Data Device Information (identity,  type and supply tamper state)");
                case 0x00FA: return new UseCaseInfo(0x00FA, "ECS26n", "Read CHF Configuration Data Device Information (CH identity and type)");
                case 0x00FB: return new UseCaseInfo(0x00FB, "GCS21m", "Read GSME Configuration Data Device Information (identity, type and supply tamper / depletion state)");
                case 0x00FC: return new UseCaseInfo(0x00FC, "GCS24a", "Set Uncontrolled Gas Flow Rate and Supply Tamper State on the GSME (SMETS4)");
                case 0x00FD: return new UseCaseInfo(0x00FD, "ECS35g", "Read ALCS Event Log");
                case 0x00FE: return new UseCaseInfo(0x00FE, "CCS07", "Read CHF Device Logs");
                case 0x0100: return new UseCaseInfo(0x0100, "CS02b", "Update Security Credentials (rootBySupplier)");
                case 0x0101: return new UseCaseInfo(0x0101, "CS02b", "Update Security Credentials (rootByWanProvider)");
                case 0x0102: return new UseCaseInfo(0x0102, "CS02b", "Update Security Credentials (supplierBySupplier)");
                case 0x0103: return new UseCaseInfo(0x0103, "CS02b", "Update Security Credentials (networkOperatorByNetworkOperator)");
                case 0x0104: return new UseCaseInfo(0x0104, "CS02b", "Update Security Credentials (accessControlBrokerByACB)");
                case 0x0105: return new UseCaseInfo(0x0105, "CS02b", "Update Security Credentials (wanProviderByWanProvider)");
                case 0x0106: return new UseCaseInfo(0x0106, "CS02b", "Update Security Credentials (transCoSByTransCoS)");
                case 0x0107: return new UseCaseInfo(0x0107, "CS02b", "Update Security Credentials (supplierByTransCoS)");
                case 0x0108: return new UseCaseInfo(0x0108, "CS02b", "Update Security Credentials (anyExceptAbnormalRootByRecovery)");
                case 0x0109: return new UseCaseInfo(0x0109, "CS02b", "Update Security Credentials (anyByContingency)");
                case 0x010A: return new UseCaseInfo(0x010A, "DBCH01", "Read CHF Sub GHz Channel");
                case 0x010B: return new UseCaseInfo(0x010B, "DBCH02", "Read CHF Sub GHz Channel Log");
                case 0x010C: return new UseCaseInfo(0x010C, "DBCH03", "Read CHF Sub GHz Configuration");
                case 0x010D: return new UseCaseInfo(0x010D, "DBCH04", "Set CHF Sub GHz Configuration");
                case 0x010E: return new UseCaseInfo(0x010E, "DBCH05", "Request CHF Sub GHz Channel Scan");
                case 0x010F: return new UseCaseInfo(0x010F, "CCS06", "Read CHF device log and check HAN communications");
                case 0x0110: return new UseCaseInfo(0x0110, "DBCH06", "Limited Duty Cycle Action Taken Sub GHz Alert");
                case 0x0111: return new UseCaseInfo(0x0111, "DBCH07", "Sub GHz Sub GHz Channel Changed Sub GHz Alert");
                case 0x0112: return new UseCaseInfo(0x0112, "DBCH08", "Sub GHz Channel Scan Request Assessment Outcome Sub GHz Alert");
                case 0x0113: return new UseCaseInfo(0x0113, "DBCH09", "Sub GHz Configuration Changed Sub GHz Alert");
                case 0x0114: return new UseCaseInfo(0x0114, "DBCH10", "Message Discarded Due to Duty Cycle Management Sub GHz Alert");
                case 0x0115: return new UseCaseInfo(0x0115, "DBCH11", "No More Sub GHz Device Capacity Sub GHz Alert");
                case 0x0116: return new UseCaseInfo(0x0116, "PECS01", "Apply Prepayment Top Up to an ESME using PPMID");
                case 0x0117: return new UseCaseInfo(0x0117, "PECS02", "Activate Emergency Credit on ESME from PPMID");
                case 0x0118: return new UseCaseInfo(0x0118, "PECS03", "Request to Enable ESME Supply from PPMID");
                case 0x0119: return new UseCaseInfo(0x0119, "HECS01", "Request Control of a HAN Connected Auxiliary Load Control Switch from HCALCS");
                case 0x011A: return new UseCaseInfo(0x011A, "ECS46d", "Set Auxiliary Controller Calendar");
                case 0x011B: return new UseCaseInfo(0x011B, "CS02f", "Provide Security Credential Details (ESME and SAPC)");
                case 0x011C: return new UseCaseInfo(0x011C, "ECS61d", "Read Auxiliary Controller Configuration Data");
                case 0x011D: return new UseCaseInfo(0x011D, "ECS61e", "Read Auxiliary Controller Operational Data");
                case 0x011E: return new UseCaseInfo(0x011E, "ECS47a", "Set Auxiliary Controller [n] State");
                case 0x011F: return new UseCaseInfo(0x011F, "ECS47e", "Limit APC [n] Level");
                case 0x0120: return new UseCaseInfo(0x0120, "ECS100", "Command not supported by Device");
                case 0x0121: return new UseCaseInfo(0x0121, "ECS101", "Limit APC [n] Level Command processed");
                case 0x0122: return new UseCaseInfo(0x0122, "ECS102", "Limit APC [n] Level ended or cancelled");
                case 0x0123: return new UseCaseInfo(0x0123, "ECS200", "Operational Update");
                case 0x0124: return new UseCaseInfo(0x0124, "CS02g", "Update Load Controller Security Credentials");
                case 0x0125: return new UseCaseInfo(0x0125, "CS02g", "Update Load Controller Security Credentials");
                case 0x0126: return new UseCaseInfo(0x0126, "CS02g", "Update Load Controller Security Credentials");
                case 0x0128: return new UseCaseInfo(0x0128, "CCS08", "Firmware Transfer Alert");
                case 0x0129: return new UseCaseInfo(0x0129, "CS08", "Read PPMID/HCALCS Firmware Version");
                case 0x012A: return new UseCaseInfo(0x012A, "GCS60a", "(title not published; name from the RTDS folder)");
                case 0x012B: return new UseCaseInfo(0x012B, "CS09", "PPMID Firmware Activation Alert");
                case 0x1000: return new UseCaseInfo(0x1000, "GCA", "Generic Critical Alert");
                case 0x1001: return new UseCaseInfo(0x1001, "GNCA", "Generic Non Critical Alert");
                default: return null;
            }
        }
    }
}
