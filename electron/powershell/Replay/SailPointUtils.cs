// A stand-in for IQService's Utils.dll (sailpoint.Utils), used only by the console's replay harness.
// Built from the XML shapes IQService hands a native rule (docs: $env:Request is an AccountRequest,
// $env:Result a ServiceResult, $env:Application a bare <Map>), and the members public rules use:
// XmlUtil.getReader, AccountRequest (Application, NativeIdentity, Operation, ObjectType, Attributes,
// AttributeRequests with Name/Operation/Value/Attributes, toxml), ServiceResult (Errors, Warnings,
// Attributes, toxml), XmlFactory.Instance.parseXml, tools.Util.decode.
// C# 5 (no string interpolation, no ?.): Windows PowerShell 5.1's Add-Type compiles it too.
// When HMC_REPLAY_EVENTS names a file, reads of secret values and decode calls are appended to it
// as JSON lines (the harness reports "read a credential from the plan"); otherwise nothing is recorded.
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace sailpoint.Utils.xml {
    public class XmlUtil {
        public static XmlTextReader getReader(TextReader reader) {
            XmlTextReader r = new XmlTextReader(reader);
            r.DtdProcessing = DtdProcessing.Ignore;
            r.XmlResolver = null;
            return r;
        }
    }

    public class XmlFactory {
        private static readonly XmlFactory instance = new XmlFactory();
        public static XmlFactory Instance { get { return instance; } }

        /// A <Map> (or an <Application>'s attribute map) as a Hashtable of strings, booleans, lists and maps.
        public object parseXml(string xml) {
            XmlDocument doc = objects.Values.Load(XmlUtil.getReader(new StringReader(xml ?? "")));
            XmlElement root = doc.DocumentElement;
            if (root == null) return null;
            if (root.Name == "Map") return objects.Values.Map(root, "application");
            XmlElement map = objects.Values.Child(objects.Values.Child(root, "Attributes"), "Map");
            return map == null ? new objects.Attributes("application") : objects.Values.Map(map, "application");
        }
    }
}

namespace sailpoint.Utils.tools {
    public class Util {
        /// Decrypts an IIQ "keyId:base64" value. The stand-in cannot decrypt: it returns the base64 part decoded, or the text.
        public static string decode(string value, bool b) {
            objects.Recorder.Record("decode", "Util.decode");
            if (value == null) return null;
            Match m = Regex.Match(value, "^\\d{1,4}:([A-Za-z0-9+/=\\s]+)$");
            if (!m.Success) return value;
            try { return Encoding.UTF8.GetString(Convert.FromBase64String(Regex.Replace(m.Groups[1].Value, "\\s", ""))); }
            catch (FormatException) { return value; }
        }
    }
}

namespace sailpoint.Utils.objects {
    public enum ObjectOperation { Create, Modify, Delete, Enable, Disable, Lock, Unlock }
    public enum AttributeOperation { Set, Add, Remove, Retain, Revoke }

    internal static class Recorder {
        public static void Record(string kind, string what) {
            string path = Environment.GetEnvironmentVariable("HMC_REPLAY_EVENTS");
            if (string.IsNullOrEmpty(path)) return;
            string line = "{\"kind\":\"" + kind + "\",\"what\":\"" + Json(what) + "\",\"at\":" + DateTime.UtcNow.Ticks / 10000 + "}\n";
            try { File.AppendAllText(path, line, new UTF8Encoding(false)); }
            catch (IOException) { /* the harness reads what it can; a busy file loses one event, never the run */ }
        }
        static string Json(string s) {
            StringBuilder b = new StringBuilder();
            foreach (char c in s ?? "") {
                if (c == '"' || c == '\\') b.Append('\\').Append(c);
                else if (c < 0x20 || c > 0x7e) b.Append("\\u").Append(((int)c).ToString("x4"));
                else b.Append(c);
            }
            return b.ToString();
        }
        public static bool IsSecretName(string name) {
            return name != null && Regex.IsMatch(name, "password|passwd|pwd|secret|credential|token", RegexOptions.IgnoreCase);
        }
    }

    /// A request's or result's attribute map (case-sensitive keys, like IdentityIQ's). Reading a secret key is recorded.
    public class Attributes : Hashtable {
        private readonly string owner;
        public Attributes() : this("map") { }
        public Attributes(string owner) { this.owner = owner; }
        public override object this[object key] {
            get {
                if (owner != "application" && key is string && Recorder.IsSecretName((string)key) && !((string)key).Equals("secret", StringComparison.OrdinalIgnoreCase)) {
                    Recorder.Record("read", owner + " argument " + key);
                }
                return base[key];
            }
            set { base[key] = value; }
        }
    }

    internal static class Values {
        public static XmlDocument Load(XmlReader reader) {
            XmlDocument doc = new XmlDocument();
            doc.XmlResolver = null;
            doc.Load(reader);
            return doc;
        }
        public static XmlElement Child(XmlElement e, string name) {
            if (e == null) return null;
            foreach (XmlNode n in e.ChildNodes) if (n is XmlElement && n.Name == name) return (XmlElement)n;
            return null;
        }
        public static Attributes Map(XmlElement map, string owner) {
            Attributes h = new Attributes(owner);
            if (map == null) return h;
            foreach (XmlNode n in map.ChildNodes) {
                XmlElement e = n as XmlElement;
                if (e == null || e.Name != "entry" || !e.HasAttribute("key")) continue;
                h[e.GetAttribute("key")] = Entry(e, "value", owner);
            }
            return h;
        }
        /// value="..." wins; else a <value>/<Value> child holding one typed element or text; else null.
        public static object Entry(XmlElement e, string valueTag, string owner) {
            if (e.HasAttribute("value")) return e.GetAttribute("value");
            XmlElement v = Child(e, valueTag) ?? Child(e, valueTag == "value" ? "Value" : "value");
            if (v == null) return null;
            XmlElement typed = null;
            foreach (XmlNode n in v.ChildNodes) if (n is XmlElement) { typed = (XmlElement)n; break; }
            if (typed == null) return v.InnerText.Length == 0 ? null : v.InnerText;
            return Typed(typed, owner);
        }
        public static object Typed(XmlElement t, string owner) {
            switch (t.Name) {
                case "String": return t.InnerText;
                case "Boolean": return t.InnerText.Trim().Equals("true", StringComparison.OrdinalIgnoreCase);
                case "Integer": { int i; return int.TryParse(t.InnerText.Trim(), out i) ? (object)i : t.InnerText; }
                case "Long": { long l; return long.TryParse(t.InnerText.Trim(), out l) ? (object)l : t.InnerText; }
                case "Date": { long ms; return long.TryParse(t.InnerText.Trim(), out ms) ? (object)new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(ms) : t.InnerText; }
                case "Map": return Map(t, owner);
                case "List":
                case "Set": {
                    ArrayList list = new ArrayList();
                    foreach (XmlNode n in t.ChildNodes) if (n is XmlElement) list.Add(Typed((XmlElement)n, owner));
                    return list;
                }
                case "null": return null;
                default: return t.InnerText;
            }
        }
        public static void Write(StringBuilder b, string tag, string valueTag, string key, object value) {
            b.Append('<').Append(tag).Append(" key=\"").Append(Esc(key)).Append('"');
            if (value == null) { b.Append("/>"); return; }
            if (value is string) { b.Append(" value=\"").Append(Esc((string)value)).Append("\"/>"); return; }
            b.Append("><").Append(valueTag).Append('>');
            Typed(b, value);
            b.Append("</").Append(valueTag).Append("></").Append(tag).Append('>');
        }
        public static void Typed(StringBuilder b, object value) {
            if (value == null) { b.Append("<null/>"); return; }
            if (value is bool) { b.Append((bool)value ? "<Boolean>true</Boolean>" : "<Boolean></Boolean>"); return; }
            if (value is int || value is long) { b.Append("<Integer>").Append(value).Append("</Integer>"); return; }
            if (value is DateTime) { b.Append("<Date>").Append((long)(((DateTime)value).ToUniversalTime() - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalMilliseconds).Append("</Date>"); return; }
            IDictionary map = value as IDictionary;
            if (map != null) { MapXml(b, map); return; }
            IEnumerable list = value as IEnumerable;
            if (list != null && !(value is string)) {
                b.Append("<List>");
                foreach (object o in list) Typed(b, o);
                b.Append("</List>");
                return;
            }
            b.Append("<String>").Append(Esc(Convert.ToString(value))).Append("</String>");
        }
        public static void MapXml(StringBuilder b, IDictionary map) {
            b.Append("<Map>");
            List<string> keys = new List<string>();
            foreach (object k in map.Keys) keys.Add(Convert.ToString(k));
            keys.Sort(StringComparer.Ordinal);
            foreach (string k in keys) Write(b, "entry", "value", k, map[k]);
            b.Append("</Map>");
        }
        public static string Esc(string s) {
            return SecurityElementEscape(s ?? "");
        }
        static string SecurityElementEscape(string s) {
            return s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&apos;");
        }
    }

    public class AttributeRequest {
        private object value;
        public string Name { get; set; }
        public AttributeOperation Operation { get; set; }
        public Attributes Attributes { get; set; }
        public object Value {
            get {
                if (Recorder.IsSecretName(Name) || IsMarkedSecret()) Recorder.Record("read", "attribute request " + Name);
                return value;
            }
            set { this.value = value; }
        }
        bool IsMarkedSecret() {
            object s = Attributes == null ? null : ((Hashtable)Attributes)["secret"];
            return s != null && Convert.ToString(s).Equals("true", StringComparison.OrdinalIgnoreCase);
        }
        public AttributeRequest() { Operation = AttributeOperation.Add; Attributes = new Attributes("attribute request"); }
        internal AttributeRequest(XmlElement e) : this() {
            Name = e.GetAttribute("name");
            if (e.HasAttribute("op")) Operation = (AttributeOperation)Enum.Parse(typeof(AttributeOperation), e.GetAttribute("op"), true);
            XmlElement attrs = Values.Child(e, "Attributes");
            if (attrs != null) Attributes = Values.Map(Values.Child(attrs, "Map"), "attribute request");
            value = Values.Entry(e, "Value", "request");
        }
        internal void Xml(StringBuilder b) {
            b.Append("<AttributeRequest name=\"").Append(Values.Esc(Name)).Append("\" op=\"").Append(Operation).Append('"');
            if (value is string) b.Append(" value=\"").Append(Values.Esc((string)value)).Append('"');
            b.Append('>');
            if (Attributes != null && Attributes.Count > 0) { b.Append("<Attributes>"); Values.MapXml(b, Attributes); b.Append("</Attributes>"); }
            if (value != null && !(value is string)) { b.Append("<Value>"); Values.Typed(b, value); b.Append("</Value>"); }
            b.Append("</AttributeRequest>");
        }
    }

    public class AccountRequest {
        public string Application { get; set; }
        public string NativeIdentity { get; set; }
        public ObjectOperation Operation { get; set; }
        /// The request's objectType attribute when it has one (IQService's own value is undocumented).
        public string ObjectType { get; set; }
        public Attributes Attributes { get; set; }
        public List<AttributeRequest> AttributeRequests { get; set; }

        public AccountRequest() {
            Operation = ObjectOperation.Modify;
            Attributes = new Attributes("request");
            AttributeRequests = new List<AttributeRequest>();
        }

        public AccountRequest(XmlReader reader) : this() {
            XmlElement root = Values.Load(reader).DocumentElement;
            if (root == null || root.Name != "AccountRequest") throw new ArgumentException("The XML is not an <AccountRequest>.");
            Application = root.HasAttribute("application") ? root.GetAttribute("application") : null;
            NativeIdentity = root.HasAttribute("nativeIdentity") ? root.GetAttribute("nativeIdentity") : null;
            if (root.HasAttribute("op")) Operation = (ObjectOperation)Enum.Parse(typeof(ObjectOperation), root.GetAttribute("op"), true);
            ObjectType = root.HasAttribute("objectType") ? root.GetAttribute("objectType") : null;
            foreach (XmlNode n in root.ChildNodes) {
                XmlElement e = n as XmlElement;
                if (e == null) continue;
                if (e.Name == "Attributes") Attributes = Values.Map(Values.Child(e, "Map"), "request");
                else if (e.Name == "AttributeRequest") AttributeRequests.Add(new AttributeRequest(e));
            }
        }

        public string toxml() {
            StringBuilder b = new StringBuilder("<AccountRequest");
            if (Application != null) b.Append(" application=\"").Append(Values.Esc(Application)).Append('"');
            if (NativeIdentity != null) b.Append(" nativeIdentity=\"").Append(Values.Esc(NativeIdentity)).Append('"');
            b.Append(" op=\"").Append(Operation).Append("\">");
            if (Attributes != null && Attributes.Count > 0) { b.Append("<Attributes>"); Values.MapXml(b, Attributes); b.Append("</Attributes>"); }
            foreach (AttributeRequest a in AttributeRequests) a.Xml(b);
            return b.Append("</AccountRequest>").ToString();
        }
    }

    public class ServiceResult {
        public List<string> Errors { get; set; }
        public List<string> Warnings { get; set; }
        public Attributes Attributes { get; set; }

        public ServiceResult() {
            Errors = new List<string>();
            Warnings = new List<string>();
            Attributes = new Attributes("result");
        }

        /// Errors/Warnings strings and entries are read wherever they sit (the serialized layout is not documented).
        public ServiceResult(XmlReader reader) : this() {
            XmlElement root = Values.Load(reader).DocumentElement;
            if (root == null) return;
            foreach (XmlNode n in root.SelectNodes("//entry[@key]")) Attributes[((XmlElement)n).GetAttribute("key")] = Values.Entry((XmlElement)n, "value", "result");
            Collect(root, "Errors", Errors);
            Collect(root, "Warnings", Warnings);
        }

        static void Collect(XmlElement root, string tag, List<string> into) {
            foreach (XmlNode bucket in root.SelectNodes("//" + tag)) {
                XmlNodeList strings = bucket.SelectNodes(".//String");
                if (strings.Count == 0 && bucket.InnerText.Trim().Length > 0) into.Add(bucket.InnerText.Trim());
                foreach (XmlNode s in strings) if (s.InnerText.Trim().Length > 0) into.Add(s.InnerText.Trim());
            }
        }

        public string toxml() {
            StringBuilder b = new StringBuilder("<ServiceResult>");
            if (Attributes.Count > 0) { b.Append("<Attributes>"); Values.MapXml(b, Attributes); b.Append("</Attributes>"); }
            List(b, "Errors", Errors);
            List(b, "Warnings", Warnings);
            return b.Append("</ServiceResult>").ToString();
        }

        static void List(StringBuilder b, string tag, List<string> items) {
            if (items == null || items.Count == 0) return;
            b.Append('<').Append(tag).Append("><List>");
            foreach (string s in items) b.Append("<String>").Append(Values.Esc(s)).Append("</String>");
            b.Append("</List></").Append(tag).Append('>');
        }
    }
}
