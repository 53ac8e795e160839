"""The key-account measures in the KPI dictionary (Thai)."""

from plans.measures import Definition

from .models import Kind

PERIOD = "วันที่ของกิจกรรมอยู่ในช่วงตั้งแต่ต้นปีแผนถึงสิ้นไตรมาส (ผลสะสม) ตามเดือนเริ่มต้นปีของแผน"
SOURCE = "ลูกค้ารายสำคัญและกิจกรรม (หน้า ลูกค้ารายสำคัญ: บันทึกหรือนำเข้าจาก CRM Plus)"
SEGMENTS = ("strategic", "star", "status", "streamline")
KIND_TH = {Kind.FMS: "FMS (บำรุงรักษาฟรี)", Kind.RBA: "RBA (กิจกรรมสร้างความสัมพันธ์)", Kind.SEMINAR: "สัมมนา"}
LEVELS = {"director": "ผู้อำนวยการเขต", "assistant": "ผู้ช่วยผู้อำนวยการ", "manager": "ผู้จัดการ กฟฟ."}

DEFINITIONS = {
    **{
        f"{kind.lower()}_coverage_{segment}_pct": Definition(
            f"ร้อยละลูกค้ากลุ่ม {segment.capitalize()} ที่ได้รับ {label}",
            f"ลูกค้ากลุ่ม {segment.capitalize()} ที่มีกิจกรรม {label} อย่างน้อย 1 ครั้งในช่วง ÷ ลูกค้าของกลุ่มที่ยังเป็นลูกค้าในช่วง",
            "ไม่นับ: ลูกค้าที่เริ่มหรือเลิกเป็นลูกค้ารายสำคัญนอกช่วง",
            PERIOD,
            "ผลรวมของเขต = ลูกค้าที่ได้รับรวม ÷ ลูกค้ารวม",
            SOURCE,
        )
        for kind, label in KIND_TH.items()
        for segment in SEGMENTS
    },
    "com_coverage_pct": Definition(
        "ร้อยละลูกค้า Strategic, Star, Status ที่ได้รับการติดต่อสื่อสารไตรมาสละ 1 ครั้ง",
        "คู่ (ลูกค้า, ไตรมาส) ที่มีกิจกรรม COM ในไตรมาสนั้น ÷ คู่ (ลูกค้า, ไตรมาส) ที่ลูกค้ายังเป็นลูกค้า",
        "ไม่นับ: กลุ่ม Streamline; ไตรมาสที่ลูกค้ายังไม่เป็นหรือเลิกเป็นลูกค้ารายสำคัญ",
        PERIOD + "; แต่ละไตรมาสตัดสินแยกกัน",
        "ผลรวมของเขต = คู่ที่ได้รับรวม ÷ คู่รวม",
        SOURCE,
    ),
    **{
        f"exec_visits_{level}": Definition(
            f"จำนวนครั้งที่{label}เข้าพบลูกค้า",
            f"กิจกรรมเข้าพบลูกค้าของ{label}",
            "ไม่นับ: การเข้าพบของผู้บริหารระดับอื่น",
            PERIOD,
            "ผลรวมของเขต = ผลบวกของทุกหน่วยงาน",
            SOURCE,
        )
        for level, label in LEVELS.items()
    },
    "boi_contacts": Definition(
        "จำนวนลูกค้ารายใหม่ตามข้อมูล BOI ที่ติดต่อ/เยี่ยมเยียน",
        "กิจกรรม BOI (แบบฟอร์ม CRM-NCS-002)",
        "ไม่นับ: กิจกรรมประเภทอื่น",
        PERIOD,
        "ผลรวมของเขต = ผลบวกของทุกหน่วยงาน",
        SOURCE,
    ),
}
