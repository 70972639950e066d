using System;

namespace CommsHub.Protocol.UseCases
{
    /// <summary>
    /// The GBCS message-code catalogue (GBCS.md §6: gbcs-parser util.ts, Wireshark packet-gbcs.c, and the RTDS 4.5.0
    /// folders for 0x011A-0x012B, titled from duis-templates gbcs-mapping-table.json): one row per use case, in code
    /// order, holding its code, name, kind, target devices and title. Adding a use case is adding its row (and a
    /// constant here when code names it); the CHF's handler table and the adapter's transforms are checked against it.
    /// <para>
    /// Device heap: the rows are string literals behind a switch, so the catalogue costs no heap until a row is asked
    /// for, and then only that row's string (and the <see cref="UseCaseInfo"/> that <see cref="Lookup"/> builds from it).
    /// </para>
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

        /// <summary>Number of catalogue rows.</summary>
        public const int EntryCount = 240;

        /// <summary>Number of known codes (<see cref="EntryCount"/>).</summary>
        public static int Count { get { return EntryCount; } }

        /// <summary>Known code <paramref name="index"/> (0..<see cref="Count"/>-1), in ascending order.</summary>
        /// <exception cref="ArgumentOutOfRangeException">index outside the catalogue.</exception>
        public static int CodeAt(int index)
        {
            return UseCaseInfo.CodeOf(Row(index));
        }

        /// <summary>The catalogue row of <paramref name="code"/> (0..<see cref="Count"/>-1), or -1 when the code is unknown.</summary>
        public static int IndexOf(int code)
        {
            int lo = 0;
            int hi = EntryCount - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                int c = CodeAt(mid);
                if (c == code) return mid;
                if (c < code) lo = mid + 1;
                else hi = mid - 1;
            }
            return -1;
        }

        /// <summary>The first catalogue row named <paramref name="name"/> (e.g. "CS02b" has ten), or -1.</summary>
        public static int IndexOfName(string name)
        {
            if (name == null) return -1;
            for (int i = 0; i < EntryCount; i++)
            {
                if (UseCaseInfo.NameOf(Row(i)) == name) return i;
            }
            return -1;
        }

        /// <summary>The use case of catalogue row <paramref name="index"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">index outside the catalogue.</exception>
        public static UseCaseInfo At(int index)
        {
            return UseCaseInfo.Parse(Row(index));
        }

        /// <summary>The use case for <paramref name="code"/>, or null when the code is unknown.</summary>
        public static UseCaseInfo Lookup(int code)
        {
            int i = IndexOf(code);
            return i < 0 ? null : At(i);
        }

        // The catalogue. A row is "CODE NAME KIND TARGETS TITLE":
        //   CODE    the message code, 4 hex digits (rows in ascending order: IndexOf is a binary search);
        //   NAME    the use-case name (UseCaseInfo.Name explains the names of alerts without a use-case number);
        //   KIND    N non-critical command, X critical command, A alert, ? not known (no RTDS message);
        //   TARGETS the device types a command goes to: E ESME, G GSME, C CHF (the hub executes it itself), P GPF,
        //           M PPMID, H HCALCS, L auxiliary load controller; - none (an alert), ? not known;
        //   TITLE   the rest.
        // KIND and TARGETS are what RTDS 4.5.0 shows (a PRECOMMAND makes a code critical; the targets of its COMMAND
        // messages), plus what GBCS names beyond it: the CHF for CS07 and ECS52 ("ESME/Comms Hub"), every device type
        // for CS06 firmware activation, the CS02b root and contingency replacements (critical) and the FDRPMA alert.
        private static string Row(int index)
        {
            switch (index)
            {
                case 0: return "0001 CCS01 N C Add Device to CHF device log";
                case 1: return "0002 CCS02 N C Remove device from CHF device log";
                case 2: return "0003 CCS03 N C Restore CHF Device Log";
                case 3: return "0004 CCS05 N C CCS05/CCS04 Read CHF device log / Check HAN communications (by reading the CHF Communications Store)";
                case 4: return "0007 CS01a N E Apply Prepayment Top Up to an ESME";
                case 5: return "0008 CS02a N EGC Provide Security Credentials Details";
                case 6: return "000A CS02c X E Issue Security Credentials";
                case 7: return "000B CS02d X E Update Device Certificates on Device";
                case 8: return "000C CS02e X E Provide Device Certificates from Device";
                case 9: return "000D CS03A1 X E Method A Join (Meter)";
                case 10: return "000E CS03B N G Method B Join";
                case 11: return "000F CS04AC X EGM Method A or C Unjoin";
                case 12: return "0010 CS04B N G Method B Unjoin";
                case 13: return "0012 CS06 X EGCP Activate Firmware";
                case 14: return "0013 CS07 N GC Read Device Join Details";
                case 15: return "0014 CS10a N G Read ZigBee Device Event Log";
                case 16: return "0015 CS11 N G Clear ZigBee Device Event Log";
                case 17: return "0018 CS14 A - Device Addition To / Removal From HAN Whitelist Alerts";
                case 18: return "0019 ECS01a X E Set Tariff and Price on ESME";
                case 19: return "001A ECS02 X E Set ESME Payment Mode to Credit";
                case 20: return "001B ECS03 X E Set ESME Payment Mode to Prepayment";
                case 21: return "001C ECS04a X E Adjust Meter Balance on the ESME";
                case 22: return "001D ECS05 X E Reset Tariff Block Counter Matrix";
                case 23: return "001E ECS07 X E Manage Debt on the ESME";
                case 24: return "001F ECS08 X E Update Prepayment Configuration on ESME";
                case 25: return "0020 ECS09 X E Activate Emergency Credit Remotely on ESME";
                case 26: return "0021 ECS10 N E Send Message to ESME";
                case 27: return "0022 ECS12 N E Set Change of Tenancy date on ESME";
                case 28: return "0023 ECS14 N E Disable Privacy PIN Protection on ESME";
                case 29: return "0024 ECS15a N E Clear ESME Event Log";
                case 30: return "0025 ECS16 N E Write Supplier Contact Details on ESME";
                case 31: return "0026 ECS17a N E Read ESME Energy Registers (Export Energy)";
                case 32: return "0027 ECS17b N E Read ESME Energy Registers (Import Energy)";
                case 33: return "0028 ECS17c N E Read ESME Energy Registers (Power)";
                case 34: return "0029 ECS17d N E Read ESME Energy Register (TOU)";
                case 35: return "002A ECS17e N E Read ESME Energy Register (TOU with Blocks)";
                case 36: return "002B ECS18a N E Read Maximum Demand Registers (export)";
                case 37: return "002C ECS18b N E Read Maximum Demand Registers (import)";
                case 38: return "002D ECS19 N E Read ESME Prepayment Registers";
                case 39: return "002E ECS20a N E Read ESME Billing Data Log (payment based debt payments)";
                case 40: return "002F ECS20b N E Read ESME Billing Data Log (change of mode / tariff triggered exc export)";
                case 41: return "0030 ECS20c N E Read ESME Billing Data Log (billing calendar triggered exc export)";
                case 42: return "0033 ECS21a N E Read Electricity Daily Read Log (exc export)";
                case 43: return "0034 ECS21b N E Read Electricity (Prepayment) Daily Read Log";
                case 44: return "0035 ECS21c N E Read Electricity Daily Read Log (export only)";
                case 45: return "0036 ECS22a N E Read Electricity Half Hour Profile Data (export)";
                case 46: return "0037 ECS22b N E Read Electricity Half Hour Profile Data (active import)";
                case 47: return "0038 ECS22c N E Read Electricity Half Hour Profile Data (reactive import)";
                case 48: return "0039 ECS23 N E Read Voltage Operational Data";
                case 49: return "003A ECS24 N E Read ESME Tariff Data";
                case 50: return "003B ECS26a N E Read ESME Configuration Data Prepayment";
                case 51: return "003C ECS26b N E Read ESME Configuration Voltage Data";
                case 52: return "003D ECS26c N E Read ESME Configuration Data Device Information (randomisation)";
                case 53: return "003E ECS26d N E Read ESME Configuration Data Device Information (Billing Calendar)";
                case 54: return "003F ECS26e N E Read ESME Configuration Data Device Information (device identity exc MPAN)";
                case 55: return "0040 ECS26f N E Read ESME Configuration Data Device Information (instantaneous power thresholds)";
                case 56: return "0042 ECS27 N E Read ESME Load Limit Data";
                case 57: return "0043 ECS28a X E Set Load Limit Configurations - General Settings";
                case 58: return "0044 ECS28b N E Set Load Limit Configuration Counter Reset";
                case 59: return "0045 ECS29a N E Set Voltage Configurations on ESME";
                case 60: return "0046 ECS30 X E Set Billing Calendar on the ESME";
                case 61: return "0047 ECS34 N E Set Instantaneous Power Threshold Configuration";
                case 62: return "0048 ECS35a N E Read ESME Event Log";
                case 63: return "0049 ECS35b N E Read ESME Security Log";
                case 64: return "004A ECS37 N E Set Maximum Demand Configurable Time Period";
                case 65: return "004B ECS38 X E Update Randomised Offset Limit";
                case 66: return "004C ECS39a N E Set MPAN Value on the ESME";
                case 67: return "004D ECS39b N E Set Export MPAN Value on the ESME";
                case 68: return "004E ECS40 N E Read MPAN Value on the ESME";
                case 69: return "004F ECS42 X E Remotely Close the Load Switch on the ESME";
                case 70: return "0050 ECS43 X E Remotely Open the Load Switch on the ESME";
                case 71: return "0051 ECS44 X E Arm Load Switch in ESME";
                case 72: return "0052 ECS45 N E Read Status of Load Switch in the ESME";
                case 73: return "0053 ECS46a X E Set HC ALCS or ALCS Labels in ESME";
                case 74: return "0054 ECS46c X E Set HC ALCS and ALCS configuration in ESME (excluding labels)";
                case 75: return "0055 ECS47 X E Set or Reset HC ALCS or ALCS State";
                case 76: return "0058 ECS50 N E Send CIN to ESME";
                case 77: return "0059 ECS52 N EC Read ESME/Comms Hub Firmware Version";
                case 78: return "005A ECS57 N E Reset ESME Maximum Demand Registers";
                case 79: return "005E ECS61c N E Read Boost Button Data from ESME";
                case 80: return "005F ECS62 N E Set ALCS and Boost Button Association";
                case 81: return "0060 ECS66 N E Read ESME Daily Consumption Log";
                case 82: return "0061 ECS68 A - ESME Critical Sensitive Alert (Billing Data Log)";
                case 83: return "0062 ECS70 X E Set Clock on ESME";
                case 84: return "0067 ECS80 A - Supply Outage Restore Alert from ESME";
                case 85: return "0068 ECS81 X E Set Supply Tamper State on ESME";
                case 86: return "0069 ECS82 N E Read Meter Balance for ESME";
                case 87: return "006B GCS01a X G Set Tariff and Price on GSME";
                case 88: return "006C GCS02 X G Set GSME Payment Mode to Credit";
                case 89: return "006D GCS03 X G Set GSME Payment Mode to Prepayment";
                case 90: return "006E GCS04 X G Manage Debt on the GSME";
                case 91: return "006F GCS05 X G Update Prepayment Configurations on GSME";
                case 92: return "0070 GCS06 X G Activate Emergency Credit Remotely on GSME";
                case 93: return "0071 GCS07 N G Send Message to GSME";
                case 94: return "0072 GCS09 N P Set Change of Tenancy date on GPF";
                case 95: return "0073 GCS11 N G Disable Privacy PIN Protection on GSME";
                case 96: return "0074 GCS13a N GP Read GSME Consumption Register";
                case 97: return "0075 GCS14 N GP Read GSME Prepayment Registers";
                case 98: return "0076 GCS15c N G Read GSME Billing Data Log (billing calendar triggered)";
                case 99: return "0077 GCS16a N G Read GSME Daily Read Log";
                case 100: return "0078 GCS17 N G Read GSME Profile Data Log";
                case 101: return "0079 GCS18 N G Read Gas Network Data Log";
                case 102: return "007B GCS21a N G Read Gas Configuration Data Device Information";
                case 103: return "007C GCS23 X G Set CV and Conversion Factor Value(s) on the GSME";
                case 104: return "007D GCS24 X G Set Uncontrolled Gas Flow Rate and Supply Tamper State on the GSME";
                case 105: return "007E GCS25 X G Set Billing Calendar on the GSME";
                case 106: return "007F GCS28 X G Set Clock on GSME";
                case 107: return "0080 GCS31 N G Start Network Data Log on GSME";
                case 108: return "0081 GCS32 X G Remotely close the valve in the GSME";
                case 109: return "0082 GCS33 N G Read GSME Valve Status";
                case 110: return "0083 GCS36 N G Send CIN to GSME";
                case 111: return "0084 GCS38 N G Read GSME Firmware Version";
                case 112: return "0085 GCS39 X G Arm Valve in GSME";
                case 113: return "0086 GCS40a X G Adjust Prepayment Mode Meter Balance on the GSME";
                case 114: return "0087 GCS41 N G Set MPRN Value on the GSME";
                case 115: return "0088 GCS44 N G Write Contact Details on GSME";
                case 116: return "0089 GCS46 N G Read MPRN on the GSME";
                case 117: return "008B GCS53 A - Push Billing Data Log as an Alert";
                case 118: return "008C GCS59 N P Restore GPF Device Log";
                case 119: return "008D GCS60 N G Read Meter Balance for GSME";
                case 120: return "0090 PCS02 N G Activate Emergency Credit on GSME from PPMID";
                case 121: return "0092 ECS26i N C Read Configuration Data Device Information (CHF identity)";
                case 122: return "0093 ECS35c N C Read CHF Event Log";
                case 123: return "0094 ECS35d N C Read CHF Security Log";
                case 124: return "0096 GCS16b N GP Read GSME Daily Read log(s) (prepayment)";
                case 125: return "0097 CS01b N G Apply Prepayment Top Up to a GSME";
                case 126: return "009B PCS01 N G Apply Prepayment Top Up to a GSME using PPMID";
                case 127: return "009D GCS21d N G Read GSME Configuration Data Device Information (BillingCalendar)";
                case 128: return "009E GCS21e N G Read GSME/GPF Configuration Data Device Information (device identity)";
                case 129: return "009F GCS21f N G Read GSME Tariff Data";
                case 130: return "00A0 GCS61 N P Read Gas Daily Consumption Log";
                case 131: return "00A1 CS10b N G Read ZigBee Device Security Log";
                case 132: return "00A2 ECS01b X E Set Price on ESME";
                case 133: return "00A3 GCS01b X G Set Price on GSME";
                case 134: return "00AB CS03A2 X MH Method A Join (non Meter)";
                case 135: return "00AC ECS25a N E Set Alert Behaviours - ESME - Supplier";
                case 136: return "00AD GCS20 N G Set Alert Behaviours - GSME";
                case 137: return "00AE ECS29b N E Set Voltage Configurations on ESME - 3ph";
                case 138: return "00AF CS03C X GM Method C Join";
                case 139: return "00B0 ECS25b N E Set Alert Behaviours - ESME - Network Operator";
                case 140: return "00B2 GCS62 A - Backup GPF Device Log";
                case 141: return "00B3 ECS04b X E Reset Meter Balance on the ESME";
                case 142: return "00B4 GCS40b X G Reset Prepayment Mode Meter Balance on the GSME";
                case 143: return "00B5 GCS21b N G Read GSME Configuration Data Prepayment";
                case 144: return "00B6 GCS13c N GP Read GSME Register (TOU)";
                case 145: return "00B7 ECS01c X E Set Tariff and Price on ESME secondary";
                case 146: return "00B8 GCS13b N GP Read GSME Block Counters";
                case 147: return "00B9 ECS35e N E Read ESME Power Event Log";
                case 148: return "00BA ECS35f N E Read ALCS Event Log";
                case 149: return "00BB ECS61a N E Read HC ALCS and ALCS Data from ESME";
                case 150: return "00BC ECS23b N E Read Voltage Operational Data - 3 Phase";
                case 151: return "00BD ECS24b N E Read ESME Tariff Data - second element";
                case 152: return "00BE ECS26j N E Read ESME Configuration Data Device Information (Payment Mode)";
                case 153: return "00BF GCS21j N G Read GSME Configuration Data Device Information (Payment Mode)";
                case 154: return "00C0 GCS40c X G Adjust Credit Mode Meter Balance on the GSME";
                case 155: return "00C1 ECS15c N E Clear ALCS Event Log";
                case 156: return "00C2 GCS40d X G Reset Credit Mode Meter Balance on the GSME";
                case 157: return "00C3 GCS15b N G Read GSME Billing Data Log (change of mode / tariff triggered)";
                case 158: return "00C4 GCS15d N G Read GSME Billing Data Log (payment-based debt payments)";
                case 159: return "00C5 GCS15e N G Read GSME Billing Data Log (prepayment credits)";
                case 160: return "00C6 ECS26k N E Read ESME Configuration Voltage Data - 3 phase";
                case 161: return "00C7 ECS01d X E Set Price on ESME secondary";
                case 162: return "00C9 ECS20d N E Read ESME Billing Data Log (prepayment credits)";
                case 163: return "00CA FDFAA A - Future Dated Firmware Activation Alert";
                case 164: return "00CB FDUSCA A - Future Dated Update Security Credentials Alert";
                case 165: return "00CC FDEIA-DLMS A - Future Dated Execution Of Instruction Alert (DLMS COSEM)";
                case 166: return "00CD FDEIA-GBZ A - Future Dated Execution Of Instruction Alert (GBZ)";
                case 167: return "00CE FDRA A - Firmware Distribution Receipt Alert (ESME)";
                case 168: return "00CF FDRA A - Firmware Distribution Receipt Alert (GSME)";
                case 169: return "00D1 ECS29c N E Set Voltage Configurations on ESME without counter reset";
                case 170: return "00D2 ECS29d N E Set Voltage Configurations on polyphase ESME without counter reset";
                case 171: return "00D3 ECS29e N E Reset RMS Voltage Counters on ESME";
                case 172: return "00D4 ECS29f N E Reset RMS Voltage Counters on polyphase ESME";
                case 173: return "00D5 FDRPMA A - Failure to Deliver Remote Party Message to ESME Alert";
                case 174: return "00D7 ECS30a X E Set Billing Calendar on the ESME - all periodicities";
                case 175: return "00D8 GCS25a X G Set Billing Calendar on the GSME - all periodicities";
                case 176: return "00D9 ECS26l N E Read ESME Configuration Data Device Information (Billing Calendar - all periodicities)";
                case 177: return "00DA GCS21k N G Read GSME Configuration Data Device Information (BillingCalendar - all periodicities)";
                case 178: return "00DB ECS48 X E Configure daily resetting of Tariff Block Counter Matrix";
                case 179: return "00DE ECS08a X E Update Prepayment Configuration on ESME";
                case 180: return "00EA ECS25a1 N E Set Event Behaviours - ESME to HAN Device - Supplier";
                case 181: return "00EB ECS25a2 N E Set Event Behaviours - ESME audible alarm - Supplier";
                case 182: return "00EC ECS25a3 N E Set Event Behaviours - ESME logging - Supplier";
                case 183: return "00ED ECS25b3 N E Set Event Behaviours - ESME logging - Network Operator";
                case 184: return "00EE ECS25r1 N E Read non-critical event and alert behaviours - ESME - Supplier";
                case 185: return "00EF ECS25r2 N E Read non-critical event and alert behaviours - ESME - Network Operator";
                case 186: return "00F0 MIIWA A - Meter Integrity Issue Warning Alert - ESME";
                case 187: return "00F1 GCS20r N G Read non-critical event and alert behaviours - GSME - Supplier";
                case 188: return "00F2 MIIWA A - Meter Integrity Issue Warning Alert - GSME";
                case 189: return "00F9 ECS26m N E Read ESME Configuration Data Device Information (identity,  type and supply tamper state)";
                case 190: return "00FA ECS26n N C Read CHF Configuration Data Device Information (CH identity and type)";
                case 191: return "00FB GCS21m N G Read GSME Configuration Data Device Information (identity, type and supply tamper / depletion state)";
                case 192: return "00FC GCS24a X G Set Uncontrolled Gas Flow Rate and Supply Tamper State on the GSME (SMETS4)";
                case 193: return "00FD ECS35g N E Read ALCS Event Log";
                case 194: return "00FE CCS07 N C Read CHF Device Logs";
                case 195: return "0100 CS02b X ? Update Security Credentials (rootBySupplier)";
                case 196: return "0101 CS02b X ? Update Security Credentials (rootByWanProvider)";
                case 197: return "0102 CS02b X EP Update Security Credentials (supplierBySupplier)";
                case 198: return "0103 CS02b X EP Update Security Credentials (networkOperatorByNetworkOperator)";
                case 199: return "0104 CS02b N E Update Security Credentials (accessControlBrokerByACB)";
                case 200: return "0105 CS02b N C Update Security Credentials (wanProviderByWanProvider)";
                case 201: return "0106 CS02b N E Update Security Credentials (transCoSByTransCoS)";
                case 202: return "0107 CS02b N E Update Security Credentials (supplierByTransCoS)";
                case 203: return "0108 CS02b N E Update Security Credentials (anyExceptAbnormalRootByRecovery)";
                case 204: return "0109 CS02b X ? Update Security Credentials (anyByContingency)";
                case 205: return "010A DBCH01 N C Read CHF Sub GHz Channel";
                case 206: return "010B DBCH02 N C Read CHF Sub GHz Channel Log";
                case 207: return "010C DBCH03 N C Read CHF Sub GHz Configuration";
                case 208: return "010D DBCH04 N C Set CHF Sub GHz Configuration";
                case 209: return "010E DBCH05 N C Request CHF Sub GHz Channel Scan";
                case 210: return "010F CCS06 N C Read CHF device log and check HAN communications";
                case 211: return "0110 DBCH06 A - Limited Duty Cycle Action Taken Sub GHz Alert";
                case 212: return "0111 DBCH07 A - Sub GHz Sub GHz Channel Changed Sub GHz Alert";
                case 213: return "0112 DBCH08 A - Sub GHz Channel Scan Request Assessment Outcome Sub GHz Alert";
                case 214: return "0113 DBCH09 A - Sub GHz Configuration Changed Sub GHz Alert";
                case 215: return "0114 DBCH10 A - Message Discarded Due to Duty Cycle Management Sub GHz Alert";
                case 216: return "0115 DBCH11 A - No More Sub GHz Device Capacity Sub GHz Alert";
                case 217: return "0116 PECS01 ? ? Apply Prepayment Top Up to an ESME using PPMID";
                case 218: return "0117 PECS02 ? ? Activate Emergency Credit on ESME from PPMID";
                case 219: return "0118 PECS03 ? ? Request to Enable ESME Supply from PPMID";
                case 220: return "0119 HECS01 ? ? Request Control of a HAN Connected Auxiliary Load Control Switch from HCALCS";
                case 221: return "011A ECS46d X EL Set Auxiliary Controller Calendar";
                case 222: return "011B CS02f N EL Provide Security Credential Details (ESME and SAPC)";
                case 223: return "011C ECS61d N E Read Auxiliary Controller Configuration Data";
                case 224: return "011D ECS61e N E Read Auxiliary Controller Operational Data";
                case 225: return "011E ECS47a X E Set Auxiliary Controller [n] State";
                case 226: return "011F ECS47e X E Limit APC [n] Level";
                case 227: return "0120 ECS100 A - Command not supported by Device";
                case 228: return "0121 ECS101 A - Limit APC [n] Level Command processed";
                case 229: return "0122 ECS102 A - Limit APC [n] Level ended or cancelled";
                case 230: return "0123 ECS200 A - Operational Update";
                case 231: return "0124 CS02g A - Update Load Controller Security Credentials";
                case 232: return "0125 CS02g X L Update Load Controller Security Credentials";
                case 233: return "0126 CS02g X E Update Load Controller Security Credentials";
                case 234: return "0128 CCS08 A - Firmware Transfer Alert";
                case 235: return "0129 CS08 N MH Read PPMID/HCALCS Firmware Version";
                case 236: return "012A GCS60a N GP (title not published; name from the RTDS folder)";
                case 237: return "012B CS09 A - PPMID Firmware Activation Alert";
                case 238: return "1000 GCA A - Generic Critical Alert";
                case 239: return "1001 GNCA A - Generic Non Critical Alert";
                default: throw new ArgumentOutOfRangeException("index", "no message-code catalogue row " + index.ToString());
            }
        }
    }
}
